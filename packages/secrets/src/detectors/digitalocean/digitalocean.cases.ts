import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const pat = `dop_v1_${fake('hex', 64, 'do-pat')}`;
const oauth = `doo_v1_${fake('hex', 64, 'do-oauth')}`;
const refresh = `dor_v1_${fake('hex', 64, 'do-refresh')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'digitalocean-personal-access-token',
    positive: [
      { name: 'a token in .env', text: `DIGITALOCEAN_ACCESS_TOKEN=${pat}\n`, secret: pat },
      {
        name: 'a token in Terraform',
        text: `provider "digitalocean" {\n  token = "${pat}"\n}`,
        secret: pat,
      },
      {
        name: 'a token on the doctl command line',
        text: `doctl auth init --access-token ${pat}`,
        secret: pat,
      },
    ],
    negative: [
      { name: 'a token with uppercase hex', text: `token = "${pat.toUpperCase()}"` },
      { name: 'a token one character short', text: `token = "${pat.slice(0, -1)}"` },
      { name: 'a low-entropy token', text: `token = "dop_v1_${'0a'.repeat(32)}"` },
    ],
  },
  {
    id: 'digitalocean-oauth-token',
    positive: [
      {
        name: 'a token in an Authorization header',
        text: `Authorization: Bearer ${oauth}`,
        secret: oauth,
      },
    ],
    negative: [
      {
        name: 'a token with a non-hex character',
        text: `Bearer doo_v1_${fake('hex', 63, 'do-o2')}g`,
      },
    ],
  },
  {
    id: 'digitalocean-refresh-token',
    positive: [
      { name: 'a token in JSON', text: `{"refresh_token":"${refresh}"}`, secret: refresh },
    ],
    negative: [{ name: 'a token that is too long', text: `{"refresh_token":"${refresh}0"}` }],
  },
];
