/**
 * Checks shared by the detectors that read a password out of an assignment, a URL or a
 * connection string: is the value written there the credential itself, or only a pointer to
 * it? The engine's placeholder list already rejects `${X}`, `{{ x }}`, `process.env`, `<x>`;
 * these add the reference syntaxes of other languages and tools.
 */

/**
 * Template and variable syntaxes: `$var`, `$1`, `%s`, `%VAR%`, `{0}`, `{password}`, `[PASSWORD]`,
 * `:password` (SQL/Ruby binds), `#{x}` (Ruby, Azure DevOps), `@db.password@` (Maven filtering),
 * `__TOKEN__` (token replacement), `?`, `...`.
 */
const REFERENCE =
  /^(?:\$[A-Za-z_][\w.]*|\$\d{1,2}|%[sdvqr]|%[A-Za-z_]\w*%|\{[\w.-]*\}|\[[\w.\s-]*\]|:[A-Za-z_]\w*|#\{[^}]*\}#?|@[\w.-]+@|__[\w.-]+__|\?|\.{2,}|…)$|#\{|\$\{|\{\{|\benv(?:iron)?\s*[.[(]|\bsecrets\.|\bvault:|\bgetenv\b|\bENV\[/i;

/** True when the value points at a credential kept elsewhere instead of being one. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/**
 * Words that documentation and templates write where a password goes: `user:password@host`,
 * `Password=pass`, `db_password`, `your-password`, `changeit` (the JDK keystore default).
 */
const PLACEHOLDER_PASSWORD =
  /^(?:(?:my|the|db|database|user|admin|app|some|new|old|your|default|secret)[_-]?)?(?:pass(?:word|wd|phrase)?|pwd|pw|secret|token|key|credentials?|username|user|changeit|hunter2)$/i;

/** Language literals that mean "no value": `password=None` in a Python call is not a password. */
const NO_VALUE = /^(?:none|null|nil|undefined|empty|true|false)$/i;

/** True when the value is a word that stands for a password rather than a password. */
export function isPlaceholderPassword(value: string): boolean {
  return PLACEHOLDER_PASSWORD.test(value) || NO_VALUE.test(value) || isReference(value);
}

/** Hosts reserved for documentation (RFC 2606, RFC 6761): credentials there are examples. */
export function isDocumentationHost(host: string | undefined): boolean {
  return host !== undefined && /(?:^|\.)(?:example(?:\.(?:com|org|net))?|invalid)$/i.test(host);
}
