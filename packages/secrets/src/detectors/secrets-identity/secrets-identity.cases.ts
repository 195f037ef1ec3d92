import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';
import { bech32ChecksumFor } from './bech32.js';

const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const ageData = fake(BECH32, 52, 'age-key');
const ageKey = `AGE-SECRET-KEY-1${ageData}${bech32ChecksumFor('age-secret-key-', ageData).toUpperCase()}`;
const ageBad = `AGE-SECRET-KEY-1${ageData}${fake(BECH32, 6, 'age-bad')}`;

const dopplerPt = `dp.pt.${fake('base62', 43, 'doppler-pt')}`;
const dopplerSt = `dp.st.prd.${fake('base62', 40, 'doppler-st')}`;
const opsJson = JSON.stringify({
  signInAddress: 'https://acme.1password.com',
  userAuth: {
    method: 'SRPg-4096',
    alg: 'PBES2g-HS256',
    iterations: 650000,
    salt: fake('base64url', 22, 'op-salt'),
  },
  email: `${fake('lowerDigits', 13, 'op-email')}@1passwordserviceaccounts.com`,
  srpX: fake('hex', 64, 'op-srpx'),
  muk: {
    alg: 'A256GCM',
    ext: true,
    k: fake('base64url', 43, 'op-muk'),
    key_ops: ['encrypt', 'decrypt'],
    kty: 'oct',
    kid: 'mp',
  },
  secretKey: `A3-${fake('upperDigits', 6, 'op-sk')}`,
  deviceUuid: fake('lowerDigits', 26, 'op-dev'),
});
const ops = `ops_${Buffer.from(opsJson).toString('base64').replace(/=+$/, '')}`;
const opsOther = `ops_${Buffer.from(JSON.stringify({ other: fake('base64', 300, 'op-other') })).toString('base64')}`;
const okta = `00${fake('base64url', 40, 'okta')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'doppler-token',
    positive: [
      { name: 'a personal token in .env', text: `DOPPLER_TOKEN=${dopplerPt}\n`, secret: dopplerPt },
      {
        name: 'a service token with its config name',
        text: `doppler run --token ${dopplerSt} -- npm start`,
        secret: dopplerSt,
      },
    ],
    negative: [
      { name: 'a short value', text: `DOPPLER_TOKEN=dp.pt.${fake('base62', 20, 'doppler-short')}` },
      { name: 'a low-entropy value', text: `DOPPLER_TOKEN=dp.pt.${'ab'.repeat(21)}a` },
    ],
  },
  {
    id: 'onepassword-service-account-token',
    positive: [{ name: 'a token in .env', text: `OP_SERVICE_ACCOUNT_TOKEN=${ops}\n`, secret: ops }],
    negative: [
      {
        name: 'an ops_ JSON that is not a service account token',
        text: `OP_SERVICE_ACCOUNT_TOKEN=${opsOther}`,
      },
    ],
  },
  {
    id: 'age-secret-key',
    positive: [
      {
        name: 'a key file from age-keygen',
        text: `# created: 2024-01-01T00:00:00Z\n# public key: age1${fake(BECH32.toLowerCase(), 58, 'age-pub')}\n${ageKey}\n`,
        secret: ageKey,
      },
      { name: 'a key in .env for SOPS', text: `SOPS_AGE_KEY=${ageKey}`, secret: ageKey },
    ],
    negative: [{ name: 'a key with a wrong checksum', text: `SOPS_AGE_KEY=${ageBad}` }],
  },
  {
    id: 'okta-api-token',
    positive: [
      { name: 'a token in .env', text: `OKTA_API_TOKEN=${okta}\n`, secret: okta },
      {
        name: 'a token in an Authorization header',
        text: `curl -H "Authorization: SSWS ${okta}" https://acme.okta.com/api/v1/users`,
        secret: okta,
      },
    ],
    negative: [
      { name: 'a value with no Okta context', text: `API_TOKEN=${okta}` },
      {
        name: 'a value that does not start with 00',
        text: `OKTA_API_TOKEN=11${fake('base64url', 40, 'okta-11')}`,
      },
    ],
  },
];
