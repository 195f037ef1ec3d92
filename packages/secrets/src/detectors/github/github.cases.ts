import type { DetectorCases } from '../../test-support/detector-cases.js';
import { checksummedToken, fake } from '../../test-support/fake.js';

const classic = checksummedToken('ghp_', 'gh-classic');
const oauth = checksummedToken('gho_', 'gh-oauth');
const app = checksummedToken('ghs_', 'gh-app');
const fineGrained = `github_pat_${fake('base62', 22, 'gh-fg-1')}_${fake('base62', 59, 'gh-fg-2')}`;
const refresh = `ghr_${fake('base62', 76, 'gh-refresh')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'github-classic-pat',
    positive: [
      {
        name: 'a token in a shell export',
        text: `export GITHUB_TOKEN=${classic}\n`,
        secret: classic,
      },
      { name: 'a token in a JSON config', text: `{"token": "${classic}"}`, secret: classic },
    ],
    negative: [
      {
        name: 'a token whose checksum is wrong',
        text: `token=${classic.slice(0, -1)}${classic.endsWith('A') ? 'B' : 'A'}`,
      },
      { name: 'a prefix alone', text: 'tokens start with ghp_ and 36 characters' },
    ],
  },
  {
    id: 'github-fine-grained-pat',
    positive: [{ name: 'a token in .env', text: `GH_PAT=${fineGrained}`, secret: fineGrained }],
    negative: [{ name: 'a truncated token', text: `GH_PAT=${fineGrained.slice(0, 40)}` }],
  },
  {
    id: 'github-oauth-token',
    positive: [{ name: 'a token in YAML', text: `oauth_token: ${oauth}`, secret: oauth }],
    negative: [{ name: 'a bad checksum', text: `oauth_token: gho_${fake('base62', 36, 'x')}` }],
  },
  {
    id: 'github-app-token',
    positive: [{ name: 'an installation token', text: `Authorization: token ${app}`, secret: app }],
    negative: [
      { name: 'a bad checksum', text: `Authorization: token ghs_${fake('base62', 36, 'y')}` },
    ],
  },
  {
    id: 'github-refresh-token',
    positive: [{ name: 'a refresh token', text: `refresh_token=${refresh}`, secret: refresh }],
    negative: [{ name: 'a low-entropy value', text: `refresh_token=ghr_${'a'.repeat(40)}` }],
  },
];
