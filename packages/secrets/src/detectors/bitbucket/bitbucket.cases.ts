import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const atlassian = `ATATT3${fake('base64url', 177, 'atl-api')}=${fake('HEX', 8, 'atl-api-sum')}`;
const access = `ATCTT3${fake('base64url', 177, 'bb-access')}=${fake('HEX', 8, 'bb-access-sum')}`;
const appPassword = `ATBB${fake('base62', 32, 'bb-app')}`;
const clientSecret = fake('base62', 32, 'bb-client-secret');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'atlassian-api-token',
    positive: [
      { name: 'a token in .env', text: `JIRA_API_TOKEN=${atlassian}\n`, secret: atlassian },
      {
        name: 'a token in a Python call',
        text: `auth = ("me@acme.io", "${atlassian}")`,
        secret: atlassian,
      },
    ],
    negative: [
      {
        name: 'a token without its checksum suffix',
        text: `JIRA_API_TOKEN=${atlassian.split('=')[0]}`,
      },
      {
        name: 'a token with a lower-case suffix',
        text: `JIRA_API_TOKEN=${atlassian.slice(0, -8)}${fake('hex', 8, 'x').replace(/[0-9]/g, 'a')}`,
      },
    ],
  },
  {
    id: 'bitbucket-access-token',
    positive: [
      {
        name: 'a bearer header',
        text: `curl -H "Authorization: Bearer ${access}" https://api.bitbucket.org/2.0/repositories`,
        secret: access,
      },
    ],
    negative: [{ name: 'a truncated token', text: `Authorization: Bearer ${access.slice(0, 60)}` }],
  },
  {
    id: 'bitbucket-app-password',
    positive: [
      {
        name: 'a password in a clone URL',
        text: `git clone https://dev:${appPassword}@bitbucket.org/acme/app.git`,
        secret: appPassword,
      },
      {
        name: 'a password in YAML',
        text: `bitbucket:\n  app_password: ${appPassword}\n`,
        secret: appPassword,
      },
    ],
    negative: [
      { name: 'a password one character short', text: `app_password: ${appPassword.slice(0, -1)}` },
      { name: 'a low-entropy value', text: `app_password: ATBB${'AB12'.repeat(8)}` },
    ],
  },
  {
    id: 'bitbucket-oauth-client-secret',
    positive: [
      {
        name: 'a secret in .env',
        text: `BITBUCKET_CLIENT_SECRET=${clientSecret}`,
        secret: clientSecret,
      },
      {
        name: 'a secret in JSON',
        text: `{"bitbucket_oauth_secret": "${clientSecret}"}`,
        secret: clientSecret,
      },
    ],
    negative: [
      { name: 'the consumer key, not the secret', text: `BITBUCKET_CLIENT_ID=${clientSecret}` },
      { name: 'a secret with no Bitbucket context', text: `CLIENT_SECRET=${clientSecret}` },
    ],
  },
];
