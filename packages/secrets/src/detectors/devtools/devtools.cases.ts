import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const uuid = (seed: string): string =>
  [8, 4, 4, 4, 12].map((n, i) => fake('hex', n, `${seed}-${i}`)).join('-');

const circle = `CCIPAT_${fake('base62', 22, 'circle-1')}_${fake('hex', 40, 'circle-2')}`;
const buildkite = `bkua_${fake('hex', 40, 'buildkite')}`;
const sonar = `squ_${fake('hex', 40, 'sonar')}`;
const snyk = uuid('snyk');
const postman = `PMAK-${fake('hex', 24, 'pmak-1')}-${fake('hex', 34, 'pmak-2')}`;
const ngrok = `${fake('base62', 27, 'ngrok-1')}_${fake('base62', 21, 'ngrok-2')}`;
const ldSdk = `sdk-${uuid('ld-sdk')}`;
const pulumi = `pul-${fake('hex', 40, 'pulumi')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'circleci-personal-token',
    positive: [
      {
        name: 'a token in ~/.circleci/cli.yml',
        text: `host: https://circleci.com\ntoken: ${circle}\n`,
        secret: circle,
      },
    ],
    negative: [
      {
        name: 'a token with a short tail',
        text: `token: CCIPAT_${fake('base62', 22, 'circle-3')}_${fake('hex', 20, 'circle-4')}`,
      },
    ],
  },
  {
    id: 'buildkite-api-token',
    positive: [
      { name: 'a token in .env', text: `BUILDKITE_API_TOKEN=${buildkite}\n`, secret: buildkite },
    ],
    negative: [
      {
        name: 'a token with uppercase hex',
        text: `BUILDKITE_API_TOKEN=${buildkite.toUpperCase()}`,
      },
    ],
  },
  {
    id: 'sonarqube-token',
    positive: [
      {
        name: 'a token on the scanner command line',
        text: `sonar-scanner -Dsonar.projectKey=app -Dsonar.token=${sonar}`,
        secret: sonar,
      },
    ],
    negative: [
      { name: 'an unknown prefix', text: `-Dsonar.token=sqx_${fake('hex', 40, 'sonar-x')}` },
    ],
  },
  {
    id: 'snyk-api-token',
    positive: [
      { name: 'a token in .env', text: `SNYK_TOKEN=${snyk}\n`, secret: snyk },
      { name: 'a token on the CLI', text: `snyk auth ${snyk}`, secret: snyk },
    ],
    negative: [{ name: 'a Snyk org id', text: `SNYK_ORG_ID=${snyk}` }],
  },
  {
    id: 'postman-api-key',
    positive: [{ name: 'a key in a header', text: `X-Api-Key: ${postman}`, secret: postman }],
    negative: [
      {
        name: 'a key with a short tail',
        text: `X-Api-Key: PMAK-${fake('hex', 24, 'pmak-3')}-${fake('hex', 10, 'pmak-4')}`,
      },
    ],
  },
  {
    id: 'ngrok-authtoken',
    positive: [
      {
        name: 'an authtoken on the CLI',
        text: `ngrok config add-authtoken ${ngrok}`,
        secret: ngrok,
      },
      { name: 'an authtoken in .env', text: `NGROK_AUTHTOKEN=${ngrok}\n`, secret: ngrok },
    ],
    negative: [{ name: 'a value with no ngrok context', text: `AUTHTOKEN=${ngrok}` }],
  },
  {
    id: 'launchdarkly-key',
    positive: [
      { name: 'an SDK key in .env', text: `LD_SDK_KEY=${ldSdk}\n`, secret: ldSdk },
      {
        name: 'an SDK key passed to the client',
        text: `import { init } from '@launchdarkly/node-server-sdk';\nconst client = init('${ldSdk}');`,
        secret: ldSdk,
      },
    ],
    negative: [
      {
        name: 'an sdk- UUID far from any LaunchDarkly context',
        text: `// launchdarkly\n\n\n\n\n\nconst id = '${ldSdk}';`,
      },
      { name: 'a mobile key', text: `LD_MOBILE_KEY=mob-${uuid('ld-mob')}` },
    ],
  },
  {
    id: 'pulumi-access-token',
    positive: [
      { name: 'a token in .env', text: `PULUMI_ACCESS_TOKEN=${pulumi}\n`, secret: pulumi },
    ],
    negative: [{ name: 'a low-entropy token', text: `PULUMI_ACCESS_TOKEN=pul-${'0a'.repeat(20)}` }],
  },
];
