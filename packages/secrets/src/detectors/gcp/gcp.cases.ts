import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

/** A PEM body as a service-account JSON stores it: 64-character lines joined with a literal `\n`. */
function pemLines(body: string): string {
  return (body.match(/.{1,64}/g) ?? []).join('\\n');
}

const header = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
const footer = ['-----END', 'PRIVATE KEY-----'].join(' ');
const pem = `${header}\\n${pemLines(`MIIEvg${fake('base64', 500, 'gcp-sa')}`)}\\n${footer}`;
const notDer = `${header}\\n${pemLines(`QUJD${fake('base64', 500, 'gcp-sa-bad')}`)}\\n${footer}`;

function keyFile(privateKey: string, type = 'service_account'): string {
  return [
    '{',
    `  "type": "${type}",`,
    '  "project_id": "demo-project",',
    `  "private_key_id": "${fake('hex', 40, 'gcp-kid')}",`,
    `  "private_key": "${privateKey}\\n",`,
    '  "client_email": "deployer@demo-project.iam.gserviceaccount.com"',
    '}',
  ].join('\n');
}

const apiKey = `AIza${fake('base64url', 35, 'gcp-api')}`;
const clientSecret = `GOCSPX-${fake('base64url', 28, 'gcp-oauth')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'gcp-service-account-key',
    positive: [
      { name: 'a downloaded key file', text: keyFile(pem), secret: pem },
      {
        name: 'a key file minified on one line',
        text: keyFile(pem).replace(/\n\s*/g, ''),
        secret: pem,
      },
    ],
    negative: [
      {
        name: 'a private key in a JSON that is not a service account',
        text: keyFile(pem, 'authorized_user'),
      },
      { name: 'a body that is not DER', text: keyFile(notDer) },
      {
        name: 'a truncated key',
        text: keyFile(`${header}\\nMIIEvg${fake('base64', 40, 'gcp-short')}\\n${footer}`),
      },
    ],
  },
  {
    id: 'google-api-key',
    positive: [
      {
        name: 'a key in a JS config',
        text: `const firebaseConfig = { apiKey: "${apiKey}" };`,
        secret: apiKey,
      },
      {
        name: 'a key in a URL',
        text: `https://maps.googleapis.com/maps/api/geocode/json?key=${apiKey}&address=x`,
        secret: apiKey,
      },
    ],
    negative: [
      { name: 'a key one character short', text: `apiKey: "${apiKey.slice(0, -1)}"` },
      { name: 'a low-entropy value', text: `apiKey: "AIza${'ab'.repeat(17)}a"` },
    ],
  },
  {
    id: 'gcp-oauth-client-secret',
    positive: [
      {
        name: 'a client_secret.json',
        text: `{"web":{"client_id":"1234-x.apps.googleusercontent.com","client_secret":"${clientSecret}"}}`,
        secret: clientSecret,
      },
    ],
    negative: [
      { name: 'a secret one character too long', text: `GOOGLE_CLIENT_SECRET=${clientSecret}x` },
      { name: 'a placeholder', text: 'GOOGLE_CLIENT_SECRET=GOCSPX-your_client_secret_goes_here' },
    ],
  },
];
