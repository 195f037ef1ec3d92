import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const uuid = (seed: string): string =>
  [8, 4, 4, 4, 12].map((n, i) => fake('hex', n, `${seed}-${i}`)).join('-');

const heroku = `HRKU-AA${fake('base64url', 58, 'heroku')}`;
const herokuLegacy = uuid('heroku-legacy');
const vercel = fake('base62', 24, 'vercel');
const netlify = `nfp_${fake('base62', 36, 'netlify')}`;
const fo1 = `fo1_${fake('base64url', 43, 'fly-fo1')}`;
const macaroon = `fm2_${fake('base64', 300, 'fly-m1')}`;
const discharge = `fm2_${fake('base64', 120, 'fly-m2')}`;
const supabase = `sbp_${fake('hex', 40, 'supabase')}`;
const pscale = `pscale_pw_${fake('base64url', 43, 'pscale')}`;
const databricks = `dapi${fake('hex', 32, 'databricks')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'heroku-api-key',
    positive: [{ name: 'a key in .env', text: `HEROKU_API_KEY=${heroku}\n`, secret: heroku }],
    negative: [
      { name: 'a key one character short', text: `HEROKU_API_KEY=${heroku.slice(0, -1)}` },
      { name: 'a low-entropy key', text: `HEROKU_API_KEY=HRKU-AA${'ab'.repeat(29)}` },
    ],
  },
  {
    id: 'heroku-api-key-legacy',
    positive: [
      { name: 'a key in .env', text: `HEROKU_API_KEY=${herokuLegacy}\n`, secret: herokuLegacy },
      {
        name: 'a key in a GitHub Actions step',
        text: `with:\n  heroku_api_key: "${herokuLegacy}"`,
        secret: herokuLegacy,
      },
    ],
    negative: [
      { name: 'an app id (a UUID named otherwise)', text: `HEROKU_APP_ID=${herokuLegacy}` },
      { name: 'a UUID with no Heroku context', text: `api_key = "${herokuLegacy}"` },
    ],
  },
  {
    id: 'vercel-access-token',
    positive: [
      { name: 'a token in .env', text: `VERCEL_TOKEN=${vercel}\n`, secret: vercel },
      {
        name: 'a token on the CLI',
        text: `npx vercel deploy --prod --token ${vercel}`,
        secret: vercel,
      },
    ],
    negative: [
      { name: 'a Vercel project id', text: `VERCEL_PROJECT_ID=prj_${vercel}` },
      { name: 'a token with no Vercel context', text: `TOKEN=${vercel}` },
    ],
  },
  {
    id: 'netlify-access-token',
    positive: [
      { name: 'a token in .env', text: `NETLIFY_AUTH_TOKEN=${netlify}\n`, secret: netlify },
    ],
    negative: [
      {
        name: 'a short value',
        text: `NETLIFY_AUTH_TOKEN=nfp_${fake('base62', 20, 'netlify-short')}`,
      },
    ],
  },
  {
    id: 'flyio-access-token',
    positive: [{ name: 'a token in .env', text: `FLY_API_TOKEN=${fo1}\n`, secret: fo1 }],
    negative: [{ name: 'a value too long', text: `FLY_API_TOKEN=${fo1}abc` }],
  },
  {
    id: 'flyio-macaroon-token',
    positive: [
      {
        name: 'a FlyV1 token in a CI secret file',
        text: `FLY_API_TOKEN="FlyV1 ${macaroon},${discharge}"`,
        secret: macaroon,
      },
    ],
    negative: [
      {
        name: 'a short fm2_ value',
        text: `FLY_API_TOKEN="FlyV1 fm2_${fake('base64', 40, 'fly-short')}"`,
      },
    ],
  },
  {
    id: 'supabase-access-token',
    positive: [
      { name: 'a token in .env', text: `SUPABASE_ACCESS_TOKEN=${supabase}\n`, secret: supabase },
    ],
    negative: [
      {
        name: 'a token with uppercase hex',
        text: `SUPABASE_ACCESS_TOKEN=${supabase.toUpperCase()}`,
      },
    ],
  },
  {
    id: 'planetscale-token',
    positive: [
      {
        name: 'a password in a DATABASE_URL',
        text: `DATABASE_URL=mysql://app:${pscale}@aws.connect.psdb.cloud/app?sslaccept=strict`,
        secret: pscale,
      },
    ],
    negative: [
      {
        name: 'a short value',
        text: `PLANETSCALE_PASSWORD=pscale_pw_${fake('base62', 16, 'pscale-short')}`,
      },
    ],
  },
  {
    id: 'databricks-access-token',
    positive: [
      {
        name: 'a token in .databrickscfg',
        text: `[DEFAULT]\nhost = https://acme.cloud.databricks.com\ntoken = ${databricks}\n`,
        secret: databricks,
      },
    ],
    negative: [
      { name: 'a word that starts with dapi', text: `const dapiClient = createDapiClient();` },
    ],
  },
];
