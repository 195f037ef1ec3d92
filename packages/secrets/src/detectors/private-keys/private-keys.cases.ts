import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

// Armor lines are assembled at run time: this file must hold no complete key block.
const DASHES = '-'.repeat(5);
const begin = (label: string) => `${DASHES}BEGIN ${label}${DASHES}`;
const end = (label: string) => `${DASHES}END ${label}${DASHES}`;
const lines = (b64: string) => b64.match(/.{1,64}/g) ?? [];
const block = (label: string, body: string, nl = '\n', head: readonly string[] = []) =>
  [begin(label), ...head, ...lines(body), end(label)].join(nl);

/** A DER-looking body: `MII` decodes to a SEQUENCE tag, the rest is deterministic noise. */
const der = (seed: string, n = 1200) => `MIIE${fake('base64', n, seed)}`;
const randomBytes = (seed: string, n: number) => Buffer.from(fake('hex', n * 2, seed), 'hex');
const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const openssh = (cipher: string, seed: string) =>
  Buffer.concat([
    Buffer.from('openssh-key-v1\u0000', 'latin1'),
    uint32(cipher.length),
    Buffer.from(cipher, 'latin1'),
    randomBytes(seed, 600),
  ]).toString('base64');

const rsa = block('RSA PRIVATE KEY', der('rsa'));
const rsaYaml = `tls:\n  key: |\n    ${block('RSA PRIVATE KEY', der('rsa-yaml'), '\n    ')}\n`;
const ec = block('EC PRIVATE KEY', der('ec', 160));
const dsa = block('DSA PRIVATE KEY', der('dsa', 600));
const pkcs8 = block('PRIVATE KEY', der('pkcs8'));
const pkcs8Json = block('PRIVATE KEY', der('pkcs8-json'), '\\n');
const sshClear = block('OPENSSH PRIVATE KEY', openssh('none', 'ssh'));
const sshLocked = block('OPENSSH PRIVATE KEY', openssh('aes256-ctr', 'ssh-enc'));
const pkcs8Locked = block('ENCRYPTED PRIVATE KEY', der('pkcs8-enc'));
const pemLocked = block('RSA PRIVATE KEY', der('pem-enc'), '\n', [
  'Proc-Type: 4,ENCRYPTED',
  `DEK-Info: AES-128-CBC,${fake('HEX', 32, 'iv')}`,
  '',
]);
const pgp = block('PGP PRIVATE KEY BLOCK', `lQOYBG${fake('base64', 1400, 'pgp')}`, '\n', [
  'Comment: exported for the build server',
  '',
]);
const putty = (encryption: string, seed: string) =>
  [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    `Encryption: ${encryption}`,
    'Comment: eddsa-key-20250101',
    'Public-Lines: 2',
    ...lines(fake('base64', 68, `${seed}-pub`)),
    'Private-Lines: 1',
    fake('base64', 44, `${seed}-priv`),
    '',
  ].join('\n');
const puttyClear = putty('none', 'putty');
const puttyLocked = putty('aes256-cbc', 'putty-enc');
const mac = `Private-MAC: ${fake('hex', 64, 'mac')}\n`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'private-key-rsa',
    positive: [
      { name: 'a key file', text: `${rsa}\n`, secret: rsa },
      {
        name: 'a key in a YAML block scalar',
        text: rsaYaml,
        secret: block('RSA PRIVATE KEY', der('rsa-yaml'), '\n    '),
      },
    ],
    negative: [
      {
        name: 'the header line alone, as in docs and source',
        text: `const marker = '${begin('RSA PRIVATE KEY')}';`,
      },
      { name: 'an elided body', text: block('RSA PRIVATE KEY', 'MIIEpAIBAAKCAQEA...') },
      { name: 'a body too short to be a key', text: block('RSA PRIVATE KEY', der('short', 20)) },
      {
        name: 'a body that is not DER',
        text: block('RSA PRIVATE KEY', `QUJD${fake('base64', 1200, 'not-der')}`),
      },
      { name: 'an encrypted key (its own detector)', text: pemLocked },
    ],
  },
  {
    id: 'private-key-ec',
    positive: [{ name: 'a key file', text: ec, secret: ec }],
    negative: [
      {
        name: 'EC parameters',
        text: block('EC PARAMETERS', `BggqhkjOPQMBBw${fake('base64', 60, 'ecp')}`),
      },
    ],
  },
  {
    id: 'private-key-dsa',
    positive: [{ name: 'a key file', text: dsa, secret: dsa }],
    negative: [
      { name: 'a low-entropy body', text: block('DSA PRIVATE KEY', `MII${'A'.repeat(400)}`) },
    ],
  },
  {
    id: 'private-key-pkcs8',
    positive: [
      { name: 'a key file', text: pkcs8, secret: pkcs8 },
      {
        name: 'a key inside a service-account JSON string',
        text: `{"type": "service_account", "private_key": "${pkcs8Json}\\n", "client_email": "x"}`,
        secret: pkcs8Json,
      },
    ],
    negative: [
      { name: 'a public key', text: block('PUBLIC KEY', der('pub', 400)) },
      { name: 'a certificate', text: block('CERTIFICATE', der('cert')) },
    ],
  },
  {
    id: 'private-key-openssh',
    positive: [{ name: 'an id_ed25519 file', text: `${sshClear}\n`, secret: sshClear }],
    negative: [
      { name: 'a passphrase-protected key', text: sshLocked },
      { name: 'a body that is not an OpenSSH key', text: block('OPENSSH PRIVATE KEY', der('x')) },
    ],
  },
  {
    id: 'private-key-openssh-encrypted',
    positive: [{ name: 'a passphrase-protected key', text: sshLocked, secret: sshLocked }],
    negative: [{ name: 'a key without a passphrase', text: sshClear }],
  },
  {
    id: 'private-key-pkcs8-encrypted',
    positive: [{ name: 'an encrypted PKCS#8 key', text: pkcs8Locked, secret: pkcs8Locked }],
    negative: [{ name: 'the header alone', text: `${begin('ENCRYPTED PRIVATE KEY')}\n...\n` }],
  },
  {
    id: 'private-key-pem-encrypted',
    positive: [{ name: 'an RSA key with Proc-Type', text: pemLocked, secret: pemLocked }],
    negative: [
      {
        name: 'the Proc-Type header without a body',
        text: `${begin('RSA PRIVATE KEY')}\nProc-Type: 4,ENCRYPTED\n`,
      },
    ],
  },
  {
    id: 'private-key-pgp',
    positive: [{ name: 'an exported secret key', text: pgp, secret: pgp }],
    negative: [
      {
        name: 'a public key block',
        text: block('PGP PUBLIC KEY BLOCK', `mQINBG${fake('base64', 1400, 'pgp-pub')}`),
      },
      { name: 'an elided block', text: block('PGP PRIVATE KEY BLOCK', `${'.'.repeat(80)}`) },
    ],
  },
  {
    id: 'private-key-putty',
    positive: [{ name: 'a .ppk file', text: `${puttyClear}${mac}`, secret: puttyClear }],
    negative: [
      { name: 'an encrypted .ppk file', text: `${puttyLocked}${mac}` },
      { name: 'the header alone', text: 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n' },
    ],
  },
  {
    id: 'private-key-putty-encrypted',
    positive: [
      { name: 'an encrypted .ppk file', text: `${puttyLocked}${mac}`, secret: puttyLocked },
    ],
    negative: [{ name: 'an unencrypted .ppk file', text: `${puttyClear}${mac}` }],
  },
];
