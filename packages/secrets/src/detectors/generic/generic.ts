import type { Detector } from '../../detector.js';
import { shannonEntropy } from '../../engine/entropy.js';
import { isReference } from '../../engine/literal-value.js';

/**
 * Names whose value is a credential: the key must END with one of these (`DB_PASSWORD`,
 * `clientSecret`, `x-api-key`), so `password_hash`, `token_url` and `secretName` do not count.
 */
const KEY_WORDS = `(?:passw(?:or)?d|pwd|secret|token|apikey|(?:api|access|auth|secret|private|encryption|signing|master)[_-]?key)`;

/**
 * `key = value` in code, config and markup: `=`, `:=`, `:`, `=>` after an optionally quoted key,
 * or `<key>value</key>`. The value is one run without spaces, either quoted (the same quote
 * closes it; brackets allowed, Django keys have them) or bare (no brackets, so no calls, and it
 * ends the statement: line end, `,`, `;`, `&`, `<`, `)`).
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w.$-])(?<key>[\w.$-]{0,40}?${KEY_WORDS})` +
    String.raw`(?:(?<=<[\w.:-]{1,60})>|["']?[ \t]{0,5}(?:=>|:=|=(?!=)|:(?![:/]))[ \t]{0,5})` +
    String.raw`(?<q>["'\x60]?)(?<secret>(?<=["'\x60])[^\s"'\x60<>]{8,200}|[^\s"'\x60<>,;&()\[\]{}]{8,200})\k<q>(?:(?<=["'\x60])|(?=$|[\s,;&<)}\]]))`,
  'im',
);

/**
 * Example credentials printed in specifications and copied into docstrings and tests: the
 * OAuth 2.0 (RFC 6749) and OAuth 1.0 (RFC 5849) examples.
 */
const DOCUMENTED_EXAMPLES: ReadonlySet<string> = new Set([
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  'ad180jjd733klru7',
  'dpf43f3p2l4k3l03',
  'kd94hf93k423kf44',
  'hh5s93j4hdidpola',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
  'hdk48Djdsa',
]);

/** Keys that hold something other than a credential although they end with `token` or `secret`. */
const NOT_A_SECRET_KEY =
  /(?:csrf|xsrf|next|prev(?:ious)?|page|continuation|cancel(?:lation)?|sync|resume|pagination|max|min|num|count|limit|input|output|completion|prompt)[_.-]?(?:page[_.-]?)?tokens?$/i;

/** Values that name a credential instead of being one (`user_password`, `auth.form.secret`, `apiKey`). */
const SECRET_WORD_IN_VALUE = /passw(?:or)?d|passwd|secret|token|api[_-]?key|credential/i;

/** Formats that specific detectors report (with a better title and remediation) or that are hashes, not secrets. */
const OTHER_FORMAT =
  /^(?:eyJ|-----BEGIN|gh[pousr]_|github_pat_|sk-(?:proj|svcacct|admin|ant|or-v1)-|hf_|r8_|gsk_|pplx-|xai-|lsv2_|pcsk_|tgp_v1_|sha\d{1,3}[-:]|\$2[abxy]\$|\$argon2|\$apr1\$|\$[1-6]\$|[a-z][a-z0-9+.-]{1,20}:\/\/)/i;

/** File paths: absolute, home-relative, Windows, all-lower-case segments, or a file extension. */
const FILE_PATH =
  /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)|^[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+$|\.(?:pem|key|crt|p12|pfx|jks|json|txt|ya?ml|env|properties|conf|cfg|ini|xml|pub|der|keystore)$/;

const LITERAL_WORDS =
  /^(?:undefined|null|none|nil|true|false|empty|required|optional|disabled|enabled|readonly|nullable|string|boolean|integer|unknown|changeit)$/i;

/** Member access or a bare identifier path in code: `e.password`, `config.db.pass`, `self.api_key`. */
const MEMBER_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** True when an assigned value looks like a hard-coded credential rather than code, a name or a reference. */
function isLiteralSecret(secret: string, match: RegExpExecArray): boolean {
  const key = match.groups?.key ?? '';
  const quoted = (match.groups?.q ?? '') !== '';
  if (NOT_A_SECRET_KEY.test(key)) return false;
  if (DOCUMENTED_EXAMPLES.has(secret)) return false;
  if (isReference(secret) || LITERAL_WORDS.test(secret)) return false;
  if (secret.toLowerCase() === key.toLowerCase() || SECRET_WORD_IN_VALUE.test(secret)) return false;
  if (OTHER_FORMAT.test(secret) || FILE_PATH.test(secret)) return false;
  // Numbers, dates, versions, sizes: `12345678`, `2024-01-01`, `1.2.3`, `10:30:00`.
  if (/^[\d.,:_+-]+$/.test(secret)) return false;
  if (MEMBER_PATH.test(secret)) return false;
  // Identifiers, constants, i18n keys and slugs: letters joined by `_`, `.` or `-`.
  if (/^[A-Za-z]+(?:[_.-][A-Za-z]+)+$/.test(secret)) return false;
  // A word of letters (with a sigil: `?Name`, `@Name`, `Name!`) is a type, a variable or an
  // enum member unless it is quoted and random.
  if (/^[^A-Za-z0-9]{0,2}[A-Za-z_$]+[^A-Za-z0-9]{0,2}$/.test(secret)) {
    return quoted && shannonEntropy(secret) >= 4;
  }
  // A bare identifier with digits in code (`user1`, `token2`) reads as a variable unless it is random.
  if (!quoted && /^[A-Za-z_$][\w$]*$/.test(secret) && shannonEntropy(secret) < 3.5) return false;
  return true;
}

/** The generic detector: a literal credential assigned to a name that says it is one. */
export const genericDetectors: readonly Detector[] = [
  {
    id: 'generic-secret-assignment',
    provider: 'Generic',
    title: 'Hard-coded password, secret, token or API key',
    severity: 'medium',
    confidence: 'low',
    keywords: [
      'password',
      'passwd',
      'pwd',
      'secret',
      'token',
      'api_key',
      'apikey',
      'api-key',
      'access_key',
      'accesskey',
      'access-key',
      'auth_key',
      'authkey',
      'private_key',
      'privatekey',
      'private-key',
      'encryption_key',
      'encryptionkey',
      'signing_key',
      'signingkey',
      'master_key',
      'masterkey',
      'secret_key',
      'secretkey',
    ],
    pattern: ASSIGNMENT,
    minEntropy: 3.2,
    validate: isLiteralSecret,
    remediation:
      'Treat the value as leaked: rotate it where it is issued (change the password, or revoke the key or token in the issuing service and create a new one), ' +
      'then read it at run time from the environment or a secret manager (Vault, AWS Secrets Manager, GCP Secret Manager, Azure Key Vault, Doppler, 1Password) ' +
      'and store the new one in a secret manager. If the value is not a credential (a test fixture, a public identifier), add an allow comment or a baseline entry.',
    references: [
      'https://cwe.mitre.org/data/definitions/798.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
    ],
  },
];
