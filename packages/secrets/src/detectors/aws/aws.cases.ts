import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const keyId = `AKIA${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 'aws-id')}`;
const tempId = `ASIA${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 'aws-temp-id')}`;
const secret = fake('base64', 40, 'aws-secret');
const session = `IQoJb3JpZ2luX2Vj${fake('base64', 420, 'aws-session')}`;
const legacySession = fake('base64', 300, 'aws-session-legacy');
const uuid = (seed: string): string =>
  [8, 4, 4, 4, 12].map((n, i) => fake('hex', n, `${seed}-${i}`)).join('-');
const mws = `amzn.mws.${uuid('aws-mws')}`;
// AWS's documented example pair, split so that no scanner sees it whole in this file.
const docId = ['AKIAIOSF', 'ODNN7EXAMPLE'].join('');
const docSecret = ['wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'].join('');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'aws-access-key-id',
    positive: [
      {
        name: 'a key id in a credentials file',
        text: `[default]\naws_access_key_id = ${keyId}\n`,
        secret: keyId,
      },
      { name: 'a temporary key id in JSON', text: `{"AccessKeyId": "${tempId}"}`, secret: tempId },
    ],
    negative: [
      { name: "AWS's documented example id", text: `aws_access_key_id = ${docId}` },
      {
        name: 'an id with a character outside base32',
        text: `key=AKIA${fake('0189', 16, 'aws-bad')}`,
      },
      { name: 'an id that is one character too long', text: `key=${keyId}Q` },
    ],
  },
  {
    id: 'aws-secret-access-key',
    positive: [
      {
        name: 'a key pair in ~/.aws/credentials',
        text: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`,
        secret,
      },
      {
        name: 'a key pair in a JS config object',
        text: `new S3Client({\n  credentials: {\n    accessKeyId: '${keyId}',\n    secretAccessKey: '${secret}',\n  },\n});`,
        secret,
      },
      {
        name: 'a key pair in .env',
        text: `AWS_ACCESS_KEY_ID=${tempId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`,
        secret,
      },
    ],
    negative: [
      { name: 'a secret with no key id nearby', text: `aws_secret_access_key = ${secret}\n` },
      {
        name: 'a key id more than five lines away',
        text: `aws_access_key_id = ${keyId}\n\n\n\n\n\n\n\naws_secret_access_key = ${secret}\n`,
      },
      {
        name: "AWS's documented example pair",
        text: `aws_access_key_id = ${keyId}\naws_secret_access_key = ${docSecret}\n`,
      },
      {
        name: 'a 41-character value',
        text: `aws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}Q\n`,
      },
      {
        name: 'a low-entropy value',
        text: `aws_access_key_id = ${keyId}\naws_secret_access_key = ${'abcd'.repeat(10)}\n`,
      },
    ],
  },
  {
    id: 'aws-session-token',
    positive: [
      {
        name: 'a token in ~/.aws/credentials',
        text: `aws_session_token = ${legacySession}\n`,
        secret: legacySession,
      },
      {
        name: 'an `aws sts` JSON output',
        text: `{"Credentials": {"SessionToken": "${session}"}}`,
        secret: session,
      },
    ],
    negative: [
      { name: 'a short value', text: `aws_session_token = ${fake('base64', 60, 'aws-short')}` },
      { name: 'a variable reference', text: 'AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}' },
    ],
  },
  {
    id: 'aws-mws-auth-token',
    positive: [
      { name: 'a token in a properties file', text: `mws.auth.token=${mws}\n`, secret: mws },
    ],
    negative: [
      {
        name: 'an all-zero token',
        text: 'mws.auth.token=amzn.mws.00000000-0000-0000-0000-000000000000',
      },
      { name: 'a truncated token', text: `mws.auth.token=${mws.slice(0, -2)}` },
    ],
  },
];
