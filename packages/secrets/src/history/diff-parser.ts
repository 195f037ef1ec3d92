/** A commit as `git log` describes it. */
export interface CommitInfo {
  readonly commit: string;
  readonly author: string;
  /** ISO 8601 author date. */
  readonly date: string;
}

/** The lines one commit (or the staged change) adds to one file. */
export interface AddedLines {
  /** Undefined for the staged change. */
  readonly commit: CommitInfo | undefined;
  readonly path: string;
  /** New-file line numbers (1-based), parallel to `texts`. */
  readonly lines: readonly number[];
  readonly texts: readonly string[];
}

/** Separates commits in our `git log --format`: a record separator, then tab-free fields. */
export const COMMIT_MARK = '\x1e';
/** `git log` format that {@link createDiffParser} reads. */
export const LOG_FORMAT = `--format=${COMMIT_MARK}%H%x1f%an%x1f%aI`;

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  // git C-quotes unusual paths: "b/a\tb.txt". Octal escapes are UTF-8 bytes.
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(
        (
          { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 } as Record<
            string,
            number
          >
        )[next] ?? next.charCodeAt(0),
      );
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * A line-by-line parser of `git log -p --unified=0` (or `git diff --unified=0`) output that
 * hands over each file's added lines as soon as that file's diff ends: memory stays bounded
 * by the largest single file diff, however long the history.
 */
export function createDiffParser(emit: (added: AddedLines) => void): {
  line(text: string): void;
  end(): void;
} {
  let commit: CommitInfo | undefined;
  let path: string | undefined;
  let inHunk = false;
  let newLine = 0;
  let lines: number[] = [];
  let texts: string[] = [];

  const flush = () => {
    if (path !== undefined && lines.length > 0) emit({ commit, path, lines, texts });
    lines = [];
    texts = [];
  };

  return {
    line(text) {
      if (text.startsWith(COMMIT_MARK)) {
        flush();
        path = undefined;
        inHunk = false;
        const [hash = '', author = '', date = ''] = text.slice(1).split('\x1f');
        commit = { commit: hash, author, date };
        return;
      }
      if (
        text.startsWith('diff --git ') ||
        text.startsWith('diff --cc ') ||
        text.startsWith('diff --combined ')
      ) {
        flush();
        path = undefined;
        inHunk = false;
        return;
      }
      if (!inHunk) {
        if (text.startsWith('+++ ')) {
          const target = text.slice(4);
          path = target === '/dev/null' ? undefined : unquote(target).replace(/^b\//, '');
        }
        if (!text.startsWith('@@')) return;
      }
      if (text.startsWith('@@')) {
        const m = /^@@+ (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @@/.exec(text);
        inHunk = m !== null;
        newLine = m ? Number(m[1]) : 0;
        return;
      }
      const first = text.charCodeAt(0);
      if (first === 43 /* + */) {
        lines.push(newLine++);
        texts.push(text.slice(1));
      } else if (first === 32 /* space */) {
        newLine++;
      }
    },
    end() {
      flush();
    },
  };
}
