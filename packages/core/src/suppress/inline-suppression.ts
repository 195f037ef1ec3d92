/** A parsed `rampart-ignore` (or, for teams coming from Semgrep, `nosemgrep`) comment. */
export interface InlineDirective {
  /** `nosemgrep` applies to SAST findings only, and matches fully qualified rule ids by suffix. */
  readonly semgrep?: boolean;
  /** Rule ids (or scanner kinds) it names; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** True when the line holds nothing but the comment, so it also covers the next line. */
  readonly coversNextLine: boolean;
}

const DIRECTIVE =
  /(?:rampart-ignore|nosemgrep)(?![\w-])(?:\s*:\s*([\w./@-]+(?:\s*,\s*[\w./@-]+)*))?(?:\s+--\s*(.*?))?\s*(?:\*\/|-->|%>|\}\}|#\})?\s*$/;
const COMMENT_START = /^\s*(?:\/\/|#|\/\*|\*|<!--|--|;|%|'|rem\s|\{\{!?--|\{#|<%#)/i;

/**
 * Reads a `rampart-ignore` directive from one source line, whatever the comment syntax:
 * `// rampart-ignore`, `# rampart-ignore: rule-a, rule-b -- test fixture`, `<!-- rampart-ignore -->`.
 */
export function parseInlineDirective(line: string): InlineDirective | undefined {
  const ours = line.indexOf('rampart-ignore');
  const semgrep = ours < 0 ? line.indexOf('nosemgrep') : -1;
  const at = ours >= 0 ? ours : semgrep;
  if (at < 0) return undefined;
  const m = DIRECTIVE.exec(line.slice(at));
  if (!m) return undefined;
  const rules = m[1] ? m[1].split(',').map((r) => r.trim()) : [];
  const reason = m[2]?.trim() || undefined;
  return {
    ...(semgrep >= 0 ? { semgrep: true } : {}),
    rules,
    reason,
    coversNextLine: COMMENT_START.test(line.slice(0, at)) || line.slice(0, at).trim() === '',
  };
}

/** The result of looking for a suppression of one finding. */
export interface InlineMatch {
  /** The 1-based line of the directive. */
  readonly line: number;
  readonly reason: string | undefined;
}

function names(directive: InlineDirective, ruleId: string, scanner: string): boolean {
  if (directive.semgrep) {
    // Semgrep ids may be qualified by the rule file's path: `js.security.exec-from-request`.
    return (
      scanner === 'sast' &&
      (directive.rules.length === 0 ||
        directive.rules.some((r) => r === ruleId || r.endsWith(`.${ruleId}`)))
    );
  }
  return (
    directive.rules.length === 0 ||
    directive.rules.includes(ruleId) ||
    directive.rules.includes(scanner)
  );
}

/**
 * Whether a `rampart-ignore` on the finding's line, or alone on the line above it, suppresses
 * rule `ruleId` of `scanner`. `lines` are the file's lines; `line` is 1-based.
 */
export function findInlineSuppression(
  lines: readonly string[],
  line: number,
  ruleId: string,
  scanner: string,
): InlineMatch | undefined {
  const same = lines[line - 1];
  if (same !== undefined) {
    const d = parseInlineDirective(same);
    if (d && names(d, ruleId, scanner)) return { line, reason: d.reason };
  }
  const above = lines[line - 2];
  if (above !== undefined) {
    const d = parseInlineDirective(above);
    if (d?.coversNextLine && names(d, ruleId, scanner)) return { line: line - 1, reason: d.reason };
  }
  return undefined;
}
