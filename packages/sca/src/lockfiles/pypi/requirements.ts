import { posix } from 'node:path';
import { ParseError } from '@rampart/core';
import type { LockfileParser, PackageNode, ParseContext, ParseResult } from '../../types.js';
import { isPep508Error, normalizePypiName, parsePep508, pinnedVersion } from './pep508.js';

/**
 * pip requirement files (`requirements*.txt`, `requirements/*.txt`, pip-compile's `*.in`):
 * PEP 508 lines, `-r`/`-c` includes read beside the file, `-e` and URL/path requirements,
 * `\` continuations, comments and per-requirement options such as `--hash`.
 */
export const requirementsTxtParser: LockfileParser = {
  id: 'pypi-requirements',
  ecosystem: 'PyPI',
  description: 'pip requirements files (requirements*.txt, requirements/*.txt, *requirements.in)',
  matches(path) {
    const base = posix.basename(path).toLowerCase();
    if (!/\.(txt|in)$/.test(base)) return false;
    if (base.includes('requirements')) return true;
    return posix.basename(posix.dirname(path)).toLowerCase() === 'requirements';
  },
  parse: (text, ctx) => new RequirementsReader(ctx).read(text),
};

/** One logical line (continuations joined, comment removed) and where it starts. */
interface LogicalLine {
  readonly text: string;
  readonly line: number;
  /** 0-based column where `text` starts; `undefined` when continuations were joined. */
  readonly column: number | undefined;
}

/** A requirement as declared, before merging. */
interface Declared {
  readonly name: string;
  readonly version: string;
  readonly line: number;
  readonly dev: boolean;
  readonly pinned: boolean;
  readonly source?: 'git' | 'path' | 'url';
}

/** The file being read: its path relative to the parsed file's folder, and how it got here. */
interface FileFrame {
  readonly rel: string;
  /** The display path in errors (the parsed file itself, or the include's path). */
  readonly errorPath: string;
  /** The line of the top file's `-r` that led here; `undefined` for the top file. */
  readonly topLine: number | undefined;
  readonly dev: boolean;
  readonly constraints: boolean;
}

const COMMENT = /(^|\s+)#.*$/;
const IGNORED_WITH_VALUE = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--trusted-host',
  '--no-binary',
  '--only-binary',
  '--use-feature',
  '--hash',
  '--global-option',
  '--install-option',
  '--config-settings',
  '-C',
]);
const IGNORED_FLAGS = new Set(['--pre', '--no-index', '--prefer-binary', '--require-hashes']);

class RequirementsReader {
  private readonly visited = new Set<string>();
  private readonly declared: Declared[] = [];
  /** Pins from `-c` constraint files, by normalised name. */
  private readonly constraints = new Map<string, string>();
  private readonly notes: string[] = [];
  private readonly includedFiles = new Set<string>();

  constructor(private readonly ctx: ParseContext) {}

  async read(text: string): Promise<ParseResult> {
    const rel = posix.basename(this.ctx.path);
    await this.readFile(text, {
      rel,
      errorPath: this.ctx.path,
      topLine: undefined,
      dev: isDevFile(rel),
      constraints: false,
    });
    return { ecosystem: 'PyPI', packages: this.merge(), notes: this.notes };
  }

  private async readFile(text: string, frame: FileFrame): Promise<void> {
    this.visited.add(posix.normalize(frame.rel));
    for (const logical of logicalLines(text)) {
      await this.readLine(logical, frame);
    }
  }

  private async readLine({ text, line, column }: LogicalLine, frame: FileFrame): Promise<void> {
    // pip's own split: the requirement is everything before the first token starting with '-'.
    const tokens = text.split(' ');
    const firstOption = tokens.findIndex((t) => t.startsWith('-'));
    const args = (firstOption === -1 ? tokens : tokens.slice(0, firstOption)).join(' ').trim();
    const options = firstOption === -1 ? [] : tokens.slice(firstOption).filter((t) => t !== '');
    function fail(message: string, offset?: number): never {
      const at = column === undefined || offset === undefined ? undefined : column + offset + 1;
      throw new ParseError({ file: frame.errorPath, line, column: at }, message);
    }

    if (args !== '') {
      this.addRequirement(args, line, frame, fail);
      return; // options after a requirement (--hash, --config-settings) only tune its install
    }
    for (let i = 0; i < options.length; i++) {
      const token = options[i] as string;
      const [flag, inline] = splitOption(token);
      const takeValue = (): string => {
        if (inline !== undefined && inline !== '') return inline;
        const next = options[++i];
        if (next === undefined) fail(`option ${flag} needs a value`);
        return next;
      };
      if (flag === '-r' || flag === '--requirement') {
        await this.include(takeValue(), line, frame, false);
      } else if (flag === '-c' || flag === '--constraint') {
        await this.include(takeValue(), line, frame, true);
      } else if (flag === '-e' || flag === '--editable') {
        this.addRequirement(takeValue(), line, frame, (message) => fail(message), true);
      } else if (IGNORED_WITH_VALUE.has(flag)) {
        takeValue();
      } else if (!IGNORED_FLAGS.has(flag)) {
        this.notes.push(`Ignored the unknown option ${flag} (${frame.rel}:${line}).`);
      }
    }
  }

  private async include(ref: string, line: number, frame: FileFrame, constraints: boolean) {
    const kind = constraints ? 'constraints file' : 'included file';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      this.notes.push(`The ${kind} ${ref} (${frame.rel}:${line}) is a URL and was not fetched.`);
      return;
    }
    const rel = posix.normalize(posix.join(posix.dirname(frame.rel), ref));
    if (this.visited.has(rel)) return; // already read: includes may form cycles
    const text = await this.ctx.readSibling(rel);
    if (text === undefined) {
      this.notes.push(
        `The ${kind} ${rel} (${frame.rel}:${line}) was not found; its requirements are missing.`,
      );
      return;
    }
    if (!constraints) this.includedFiles.add(rel);
    await this.readFile(text, {
      rel,
      errorPath: posix.join(posix.dirname(this.ctx.path), rel),
      topLine: frame.topLine ?? line,
      dev: isDevFile(rel),
      constraints: constraints || frame.constraints,
    });
  }

  private addRequirement(
    spec: string,
    line: number,
    frame: FileFrame,
    /** Throws at `offset` (0-based, within `spec`) when the position is known. */
    fail: (message: string, offset?: number) => never,
    editable = false,
  ): void {
    const found = describeRequirement(spec, editable);
    if ('error' in found) fail(`invalid requirement: ${found.error}`, found.offset);
    if (found.skip !== undefined) {
      this.notes.push(`${found.skip} (${frame.rel}:${line}).`);
      return;
    }
    if (frame.constraints) {
      if (found.version !== '') this.constraints.set(normalizePypiName(found.name), found.version);
      return;
    }
    this.declared.push({
      name: found.name,
      version: found.version,
      line: frame.topLine ?? line,
      dev: frame.dev,
      pinned: found.version !== '',
      ...(found.source === undefined ? {} : { source: found.source }),
    });
  }

  /** One node per normalised name and version; unpinned entries yield to pinned ones. */
  private merge(): PackageNode[] {
    const pinnedNames = new Set<string>();
    for (const d of this.declared) if (d.pinned) pinnedNames.add(normalizePypiName(d.name));
    const byKey = new Map<string, PackageNode>();
    const unpinned: string[] = [];
    const fromConstraints: string[] = [];
    for (const d of this.declared) {
      const id = normalizePypiName(d.name);
      let version = d.version;
      if (!d.pinned) {
        if (pinnedNames.has(id)) continue; // `bleach[css]` beside `bleach==6.3.0`
        const pin = d.source === undefined ? this.constraints.get(id) : undefined;
        if (pin !== undefined) {
          version = pin;
          fromConstraints.push(d.name);
        } else if (d.source === undefined) unpinned.push(d.name);
      }
      const key = `${id}@${version}`;
      const seen = byKey.get(key);
      if (seen !== undefined) {
        if (seen.dev === true && !d.dev) byKey.set(key, { ...seen, dev: false });
        continue;
      }
      byKey.set(key, {
        name: d.name,
        version,
        direct: true,
        dev: d.dev,
        line: d.line,
        dependsOn: [],
        ...(d.source === undefined ? {} : { source: d.source }),
      });
    }
    if (unpinned.length > 0) {
      this.notes.push(
        `${unpinned.length} requirement(s) are not pinned with == (${preview(unpinned)}): ` +
          'they are listed without a version and cannot be matched exactly; pin them or scan a lockfile.',
      );
    }
    if (fromConstraints.length > 0) {
      this.notes.push(`Versions of ${preview(fromConstraints)} come from constraints files (-c).`);
    }
    const urls = this.declared.filter((d) => d.source !== undefined && d.version === '');
    if (urls.length > 0) {
      this.notes.push(
        `${urls.length} requirement(s) point at URLs or paths (${preview(urls.map((d) => d.name))}) and have no version.`,
      );
    }
    if (this.includedFiles.size > 0) {
      this.notes.push(
        `Requirements from included files (${[...this.includedFiles].join(', ')}) point at the -r line that includes them.`,
      );
    }
    return [...byKey.values()];
  }
}

/** What one requirement line declares, or why it is skipped or invalid. */
type Described =
  | {
      readonly name: string;
      readonly version: string;
      readonly source?: 'git' | 'path' | 'url';
      readonly skip?: undefined;
    }
  | { readonly skip: string }
  | { readonly error: string; readonly offset: number };

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip|tar)$/i;

function describeRequirement(spec: string, editable: boolean): Described {
  if (!editable && /^[A-Za-z0-9]/.test(spec) && !URL_SCHEME.test(spec)) {
    const req = parsePep508(spec);
    if (!isPep508Error(req)) {
      if (req.url !== undefined) return { name: req.name, version: '', source: sourceOf(req.url) };
      return { name: req.name, version: pinnedVersion(req) ?? '' };
    }
    if (!/[/\\]/.test(spec) && !ARCHIVE.test(spec)) return req;
  }
  // A URL or a path (pip decides the same way: URL first, then anything path-like).
  if (editable) {
    const req = parsePep508(spec);
    if (!isPep508Error(req) && req.url !== undefined) {
      return { name: req.name, version: '', source: sourceOf(req.url) };
    }
  }
  const location = spec.split(/\s*;/)[0]?.trim() ?? '';
  if (location === '') return { error: 'expected a requirement', offset: 0 };
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(location)?.[1];
  const source = sourceOf(location);
  const file =
    location
      .split('#')[0]
      ?.replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  const archive = fromArchiveName(file);
  if (egg !== undefined) return { name: egg, version: archive?.version ?? '', source };
  if (archive !== undefined) return { ...archive, source };
  const guess = file.replace(/@.*$/, '').replace(/\.git$/, '');
  if (
    guess === '' ||
    guess === '.' ||
    guess === '..' ||
    !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(guess)
  ) {
    return {
      skip: `Skipped ${location}: no package name can be read from it (the project itself?)`,
    };
  }
  return { name: guess, version: '', source };
}

function sourceOf(location: string): 'git' | 'path' | 'url' {
  if (/^git\+/i.test(location)) return 'git';
  if (/^file:/i.test(location) || !URL_SCHEME.test(location) || /^[A-Za-z]:[\\/]/.test(location)) {
    return 'path';
  }
  return 'url';
}

/** Name and version from a wheel (`name-1.0-py3-none-any.whl`) or sdist (`name-1.0.tar.gz`). */
function fromArchiveName(file: string): { name: string; version: string } | undefined {
  const wheel = /^([A-Za-z0-9][A-Za-z0-9._]*)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(
    file,
  );
  if (wheel) return { name: wheel[1] as string, version: wheel[2] as string };
  const sdist =
    /^([A-Za-z0-9][A-Za-z0-9._-]*?)-(\d[A-Za-z0-9.+!]*)\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|zip|tar)$/i.exec(
      file,
    );
  if (sdist) return { name: sdist[1] as string, version: sdist[2] as string };
  return undefined;
}

/** `--opt=value` → [`--opt`, `value`]; `-rfile` → [`-r`, `file`]; `-r` → [`-r`, undefined]. */
function splitOption(token: string): [string, string | undefined] {
  if (token.startsWith('--')) {
    const eq = token.indexOf('=');
    return eq === -1 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
  }
  return [token.slice(0, 2), token.length > 2 ? token.slice(2).replace(/^=/, '') : undefined];
}

/** pip's line handling: join `\` continuations, then drop comments and blank lines. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let pendingLine = 0;
  const push = (joined: string, line: number, continued: boolean) => {
    const stripped = joined.replace(COMMENT, '');
    const body = stripped.trim();
    if (body === '') return;
    const column = continued ? undefined : stripped.length - stripped.trimStart().length;
    out.push({ text: body.replace(/\t/g, ' '), line, column });
  };
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const isComment = /^\s*#/.test(line);
    if (!line.endsWith('\\') || isComment) {
      if (pending.length > 0) {
        pending.push(isComment ? ` ${line}` : line);
        push(pending.join(''), pendingLine, true);
        pending = [];
      } else push(line, i + 1, false);
    } else {
      if (pending.length === 0) pendingLine = i + 1;
      pending.push(line.replace(/\\+$/, ''));
    }
  });
  if (pending.length > 0) push(pending.join(''), pendingLine, true);
  return out;
}

/** `requirements-dev.txt`, `test-requirements.txt`, `requirements/tests.in`, ... */
function isDevFile(rel: string): boolean {
  return /(^|[-_.])(dev|test)/i.test(posix.basename(rel));
}

function preview(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, …`;
}
