const CODEQL_CWE = /^external\/cwe\/cwe-0*([1-9][0-9]*)$/i;
const PLAIN_CWE = /^CWE[-_: ]?0*([1-9][0-9]*)(?![0-9])/i;
const OWASP_2021 = /(?:^|[^0-9A-Za-z])A(0[1-9]|10):2021(?![0-9])/;

/**
 * The CWE id a tag names, written `CWE-<n>`, or undefined: reads CodeQL's
 * `external/cwe/cwe-079` and the `CWE-79: Improper Neutralization…` of Semgrep and others.
 */
export function cweFromTag(tag: string): string | undefined {
  const match = CODEQL_CWE.exec(tag.trim()) ?? PLAIN_CWE.exec(tag.trim());
  return match?.[1] === undefined ? undefined : `CWE-${match[1]}`;
}

/** The OWASP Top 10 2021 category a tag names (`OWASP-A03:2021 - Injection` → `A03:2021`). */
export function owaspFromTag(tag: string): string | undefined {
  const match = OWASP_2021.exec(tag);
  return match?.[1] === undefined ? undefined : `A${match[1]}:2021`;
}
