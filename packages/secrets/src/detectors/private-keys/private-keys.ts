import type { Detector } from '../../detector.js';
import { shannonEntropy } from '../../engine/entropy.js';

/**
 * The base64 body of a PEM block: its lines, possibly indented (YAML) or joined by literal
 * `\n` escapes (a key inside a JSON string). Bounded, one character class, no nesting.
 */
const BODY = String.raw`[A-Za-z0-9+/=\\\s]{64,16384}`;
/** Line breaks between armor lines: real ones or `\n` escapes. */
const BREAK = String.raw`(?:\s|\\[nr]){1,8}`;

/** A whole PEM block `-----BEGIN <label>-----…-----END <label>-----` as the `secret` group. */
function pemBlock(label: string): RegExp {
  return new RegExp(`(?<secret>-----BEGIN ${label}-----${BODY}-----END ${label}-----)`);
}

/** The base64 text of a PEM or armored block: armor lines, `\n` escapes and whitespace removed. */
function armorBody(block: string): string {
  return block
    .replace(/^-----BEGIN [A-Z0-9 ]{3,40}-----/, '')
    .replace(/-----END [A-Z0-9 ]{3,40}-----$/, '')
    .replace(/\\+[nr]/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[A-Za-z0-9+/]+={0,2}$/.test(line))
    .join('');
}

/** The decoded key bytes when the body is long, random-looking base64; otherwise undefined. */
function keyBytes(block: string): Buffer | undefined {
  const body = armorBody(block);
  if (body.length < 64 || shannonEntropy(body) < 4.5) return undefined;
  return Buffer.from(body, 'base64');
}

/** DER keys (PKCS#1, SEC1, PKCS#8) start with a SEQUENCE tag. */
function isDerKey(block: string): boolean {
  return keyBytes(block)?.[0] === 0x30;
}

const OPENSSH_MAGIC = 'openssh-key-v1\u0000';

/** The cipher of an OpenSSH private key (`none` when it is not encrypted), or undefined when it is not one. */
function opensshCipher(block: string): string | undefined {
  const bytes = keyBytes(block);
  if (!bytes || bytes.length < OPENSSH_MAGIC.length + 8) return undefined;
  if (bytes.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC)
    return undefined;
  const length = bytes.readUInt32BE(OPENSSH_MAGIC.length);
  if (length === 0 || length > 64) return undefined;
  const start = OPENSSH_MAGIC.length + 4;
  return bytes.subarray(start, start + length).toString('latin1');
}

const STORE =
  'and store the new one in a secret manager (or a KMS/HSM that never exports it), never in the repository.';

const TLS_REMEDIATION =
  'Treat the key as compromised: generate a new key pair (`openssl genpkey -algorithm ed25519` or `-algorithm RSA -pkeyopt rsa_keygen_bits:3072`), ' +
  'issue a new certificate for it and revoke the old certificate at the CA (or replace the key wherever it signs tokens: JWT signing keys, SAML, service accounts such as a GCP key in IAM → Service accounts → Keys). ' +
  `Remove the key from the repository history, ${STORE}`;

const SSH_REMEDIATION =
  'Rotate the key pair: remove the matching public key from every `authorized_keys`, from GitHub/GitLab/Bitbucket (account SSH keys and deploy keys) and from cloud instance metadata; ' +
  `generate a new pair with \`ssh-keygen -t ed25519\`, install its public half, ${STORE}`;

const ENCRYPTED_NOTE =
  'The key is encrypted: an attacker needs its passphrase, which is often weak or stored next to it. Rotate if the passphrase may be known (it is in the repository, a CI variable or a wiki) or is guessable; ';

/** Private keys: PEM (PKCS#1, SEC1, DSA, PKCS#8), OpenSSH, PGP and PuTTY, clear or encrypted. */
export const privateKeysDetectors: readonly Detector[] = [
  {
    id: 'private-key-rsa',
    provider: 'PKI',
    title: 'RSA private key (PKCS#1 PEM)',
    severity: 'critical',
    keywords: ['BEGIN RSA PRIVATE KEY'],
    pattern: pemBlock('RSA PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: isDerKey,
    remediation: TLS_REMEDIATION,
    references: ['https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-ec',
    provider: 'PKI',
    title: 'EC private key (SEC1 PEM)',
    severity: 'critical',
    keywords: ['BEGIN EC PRIVATE KEY'],
    pattern: pemBlock('EC PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: isDerKey,
    remediation: TLS_REMEDIATION,
    references: ['https://www.rfc-editor.org/rfc/rfc5915'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-dsa',
    provider: 'PKI',
    title: 'DSA private key (PEM)',
    severity: 'critical',
    keywords: ['BEGIN DSA PRIVATE KEY'],
    pattern: pemBlock('DSA PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: isDerKey,
    remediation: `DSA is deprecated: replace it with an Ed25519 or ECDSA key rather than a new DSA one. ${SSH_REMEDIATION}`,
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-pkcs8',
    provider: 'PKI',
    title: 'Private key (unencrypted PKCS#8 PEM)',
    severity: 'critical',
    keywords: ['BEGIN PRIVATE KEY'],
    pattern: pemBlock('PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: isDerKey,
    remediation: TLS_REMEDIATION,
    references: ['https://www.rfc-editor.org/rfc/rfc5958'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-openssh',
    provider: 'SSH',
    title: 'OpenSSH private key (no passphrase)',
    severity: 'critical',
    keywords: ['BEGIN OPENSSH PRIVATE KEY'],
    pattern: pemBlock('OPENSSH PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: (secret) => opensshCipher(secret) === 'none',
    remediation: SSH_REMEDIATION,
    references: ['https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-openssh-encrypted',
    provider: 'SSH',
    title: 'OpenSSH private key (passphrase-protected)',
    severity: 'medium',
    keywords: ['BEGIN OPENSSH PRIVATE KEY'],
    pattern: pemBlock('OPENSSH PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: (secret) => {
      const cipher = opensshCipher(secret);
      return cipher !== undefined && cipher !== 'none';
    },
    remediation: `${ENCRYPTED_NOTE}${SSH_REMEDIATION}`,
    references: ['https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-pkcs8-encrypted',
    provider: 'PKI',
    title: 'Private key (encrypted PKCS#8 PEM)',
    severity: 'medium',
    keywords: ['BEGIN ENCRYPTED PRIVATE KEY'],
    pattern: pemBlock('ENCRYPTED PRIVATE KEY'),
    allowPlaceholderWords: true,
    validate: isDerKey,
    remediation: `${ENCRYPTED_NOTE}${TLS_REMEDIATION}`,
    references: ['https://www.rfc-editor.org/rfc/rfc5958#section-3'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-pem-encrypted',
    provider: 'PKI',
    title: 'RSA, EC or DSA private key (legacy PEM encryption, Proc-Type 4,ENCRYPTED)',
    severity: 'medium',
    keywords: ['Proc-Type: 4,ENCRYPTED'],
    pattern: new RegExp(
      String.raw`(?<secret>-----BEGIN (?<kind>RSA|EC|DSA) PRIVATE KEY-----${BREAK}Proc-Type: 4,ENCRYPTED${BREAK}DEK-Info: [A-Z0-9-]{3,32},[A-Fa-f0-9]{16,64}${BODY}-----END \k<kind> PRIVATE KEY-----)`,
    ),
    allowPlaceholderWords: true,
    // The Proc-Type and DEK-Info lines are not base64, so armorBody leaves them out.
    validate: (secret) => keyBytes(secret) !== undefined,
    remediation: `${ENCRYPTED_NOTE}${TLS_REMEDIATION}`,
    references: ['https://www.rfc-editor.org/rfc/rfc1421'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-pgp',
    provider: 'OpenPGP',
    title: 'PGP private key block',
    severity: 'critical',
    keywords: ['BEGIN PGP PRIVATE KEY BLOCK'],
    // Armor headers (`Version:`, `Comment:`) may hold any text, so the body is a lazy bounded run.
    pattern:
      /(?<secret>-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]{64,16384}?-----END PGP PRIVATE KEY BLOCK-----)/,
    allowPlaceholderWords: true,
    validate: (secret) => keyBytes(secret) !== undefined,
    remediation:
      'Revoke the key: import or generate its revocation certificate (`gpg --gen-revoke <id>`), publish it to the keyservers and to everyone who trusts the key ' +
      '(and remove it from GitHub/GitLab GPG keys, package-signing and release pipelines); create a new key with `gpg --full-generate-key`, ' +
      STORE,
    references: ['https://www.gnupg.org/gph/en/manual/c14.html'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-putty',
    provider: 'SSH',
    title: 'PuTTY private key (no passphrase)',
    severity: 'critical',
    keywords: ['PuTTY-User-Key-File-'],
    pattern:
      /(?<secret>PuTTY-User-Key-File-[23]: [\w@.-]{3,64}\r?\nEncryption: none\r?\n[\s\S]{0,4096}?Private-Lines: \d{1,3}\r?\n[A-Za-z0-9+/=\r\n]{40,8192}?)(?=Private-MAC:)/,
    allowPlaceholderWords: true,
    minEntropy: 4.5,
    remediation: SSH_REMEDIATION.replace(
      '`ssh-keygen -t ed25519`',
      'PuTTYgen (or `ssh-keygen -t ed25519`)',
    ),
    references: ['https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  {
    id: 'private-key-putty-encrypted',
    provider: 'SSH',
    title: 'PuTTY private key (passphrase-protected)',
    severity: 'medium',
    keywords: ['PuTTY-User-Key-File-'],
    pattern:
      /(?<secret>PuTTY-User-Key-File-[23]: [\w@.-]{3,64}\r?\nEncryption: (?!none\b)[\w-]{3,32}\r?\n[\s\S]{0,4096}?Private-Lines: \d{1,3}\r?\n[A-Za-z0-9+/=\r\n]{40,8192}?)(?=Private-MAC:)/,
    allowPlaceholderWords: true,
    minEntropy: 4.5,
    remediation: `${ENCRYPTED_NOTE}${SSH_REMEDIATION.replace('`ssh-keygen -t ed25519`', 'PuTTYgen (or `ssh-keygen -t ed25519`)')}`,
    references: ['https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html'],
    cwe: ['CWE-798', 'CWE-321'],
  },
];
