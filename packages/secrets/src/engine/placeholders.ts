/**
 * Words that mark a value as a placeholder, a documented example or a test fake. Matched
 * case-insensitively anywhere in the secret.
 */
const PLACEHOLDER_WORDS = [
  'example',
  'changeme',
  'change_me',
  'placeholder',
  'your_',
  'your-',
  'yourkey',
  'dummy',
  'sample',
  'redacted',
  'fake',
  'xxxxxx',
  '******',
  '<your',
  'insert',
  'replace_me',
  'replaceme',
  'todo',
  'notreal',
  'not_real',
  'not-a-real',
] as const;

/** Secrets longer than this are not checked for placeholder words. */
const PLACEHOLDER_MAX_LENGTH = 64;

/** Documented example credentials of providers, which are public and grant nothing. */
const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
]);

/**
 * True when a candidate secret is obviously not a live credential: a documented example, a
 * placeholder word, a template or variable reference (`${VAR}`, `{{ x }}`, `%(x)s`,
 * `process.env.X`, `os.environ[…]`), or one character repeated.
 */
export function isPlaceholder(secret: string, options: { allowWords?: boolean } = {}): boolean {
  if (DOCUMENTED_EXAMPLES.has(secret)) return true;
  if (
    /\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|\$\(|<[a-z_ -]+>|process\.env|os\.environ|getenv\(/i.test(
      secret,
    )
  )
    return true;
  if (/^(.)\1+$/.test(secret)) return true;
  if (/^\$[A-Z_][A-Z0-9_]*$/.test(secret)) return true;
  // Placeholders are short and wordy; a long random credential contains "todo" or "fake"
  // by chance (a 1.6 KB key body does about 3% of the time), so words are not checked there.
  if (options.allowWords || secret.length > PLACEHOLDER_MAX_LENGTH) return false;
  const lower = secret.toLowerCase();
  return PLACEHOLDER_WORDS.some((word) => lower.includes(word));
}
