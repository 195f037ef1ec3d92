import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const pat = `glpat-${fake('base64url', 20, 'gl-pat')}`;
const routable = `glpat-${fake('base64url', 37, 'gl-routable')}.01.${fake('lowerDigits', 7, 'gl-crc')}`;
const deploy = `gldt-${fake('base64url', 20, 'gl-deploy')}`;
const runner = `glrt-${fake('base64url', 20, 'gl-runner')}`;
const runnerRoutable = `glrt-t1_${fake('base64url', 30, 'gl-runner-r')}.01.${fake('lowerDigits', 7, 'gl-runner-crc')}`;
const registration = `GR1348941${fake('base64url', 20, 'gl-reg')}`;
const job = `glcbt-64_${fake('base64url', 20, 'gl-job')}`;
const trigger = `glptt-${fake('hex', 40, 'gl-trigger')}`;
const oauth = `gloas-${fake('base64url', 64, 'gl-oauth')}`;
const feed = `glft-${fake('base64url', 20, 'gl-feed')}`;
const mail = `glimt-${fake('lowerDigits', 25, 'gl-mail')}`;
const agent = `glagent-${fake('base64url', 50, 'gl-agent')}`;
const scim = `glsoat-${fake('base64url', 20, 'gl-scim')}`;
const flag = `glffct-${fake('base64url', 20, 'gl-flag')}`;
const session = fake('hex', 32, 'gl-session');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'gitlab-pat',
    positive: [
      { name: 'a token in .env', text: `GITLAB_TOKEN=${pat}\n`, secret: pat },
      { name: 'a token at the end of a sentence', text: `Use the token ${pat}.\n`, secret: pat },
      {
        name: 'a token in a curl header',
        text: `curl --header "PRIVATE-TOKEN: ${pat}" https://gitlab.com/api/v4/projects`,
        secret: pat,
      },
    ],
    negative: [
      { name: 'a token one character short', text: `GITLAB_TOKEN=${pat.slice(0, -1)}` },
      { name: 'a placeholder', text: `GITLAB_TOKEN=glpat-${'x'.repeat(20)}` },
      { name: 'a routable token (reported by its own detector)', text: `token: ${routable}` },
    ],
  },
  {
    id: 'gitlab-pat-routable',
    positive: [
      {
        name: 'a routable token in YAML',
        text: `gitlab:\n  token: ${routable}\n`,
        secret: routable,
      },
    ],
    negative: [
      { name: 'a classic token', text: `token: ${pat}` },
      {
        name: 'a token without the version and checksum',
        text: `token: ${routable.split('.')[0]}`,
      },
    ],
  },
  {
    id: 'gitlab-deploy-token',
    positive: [
      {
        name: 'a deploy token in a clone URL',
        text: `git clone https://deployer:${deploy}@gitlab.com/acme/app.git`,
        secret: deploy,
      },
    ],
    negative: [{ name: 'a token one character short', text: `password: ${deploy.slice(0, -1)}` }],
  },
  {
    id: 'gitlab-runner-token',
    positive: [
      {
        name: 'a token in config.toml',
        text: `[[runners]]\n  token = "${runner}"\n`,
        secret: runner,
      },
      {
        name: 'a routable token in config.toml',
        text: `  token = "${runnerRoutable}"\n`,
        secret: runnerRoutable,
      },
    ],
    negative: [{ name: 'a low-entropy value', text: `token = "glrt-${'ab'.repeat(10)}"` }],
  },
  {
    id: 'gitlab-runner-registration-token',
    positive: [
      {
        name: 'a registration token on the command line',
        text: `gitlab-runner register --url https://gitlab.com/ --registration-token "${registration}"`,
        secret: registration,
      },
    ],
    negative: [
      {
        name: 'a token one character short',
        text: `--registration-token ${registration.slice(0, -1)}`,
      },
    ],
  },
  {
    id: 'gitlab-ci-job-token',
    positive: [{ name: 'a job token in a log', text: `Using CI_JOB_TOKEN=${job}`, secret: job }],
    negative: [
      {
        name: 'a token without the instance part',
        text: `CI_JOB_TOKEN=glcbt-${fake('base64url', 20, 'gl-job')}`,
      },
    ],
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    positive: [
      {
        name: 'a trigger token in a curl form',
        text: `curl -X POST -F token=${trigger} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline`,
        secret: trigger,
      },
    ],
    negative: [
      {
        name: 'a hex body of the wrong length',
        text: `token=glptt-${fake('hex', 39, 'gl-trigger')}`,
      },
    ],
  },
  {
    id: 'gitlab-oauth-app-secret',
    positive: [{ name: 'a secret in JSON', text: `{"client_secret": "${oauth}"}`, secret: oauth }],
    negative: [{ name: 'a truncated secret', text: `{"client_secret": "${oauth.slice(0, 40)}"}` }],
  },
  {
    id: 'gitlab-feed-token',
    positive: [
      {
        name: 'a feed URL',
        text: `https://gitlab.com/dashboard/issues.atom?feed_token=${feed}&state=opened`,
        secret: feed,
      },
    ],
    negative: [{ name: 'a placeholder', text: `feed_token=glft-${'a'.repeat(20)}` }],
  },
  {
    id: 'gitlab-incoming-mail-token',
    positive: [
      { name: 'a token in a Rails config', text: `incoming_email_token: "${mail}"`, secret: mail },
    ],
    negative: [{ name: 'a token one character short', text: `key: ${mail.slice(0, -1)}` }],
  },
  {
    id: 'gitlab-agent-token',
    positive: [
      {
        name: 'a helm flag',
        text: `helm upgrade --install agent gitlab/gitlab-agent --set config.token=${agent}`,
        secret: agent,
      },
    ],
    negative: [{ name: 'a truncated token', text: `--set config.token=${agent.slice(0, 30)}` }],
  },
  {
    id: 'gitlab-scim-token',
    positive: [{ name: 'a token in .env', text: `SCIM_TOKEN='${scim}'`, secret: scim }],
    negative: [
      { name: 'a prefix alone', text: 'SCIM tokens start with glsoat- and 20 characters' },
    ],
  },
  {
    id: 'gitlab-feature-flag-client-token',
    positive: [
      { name: 'an Unleash instance id', text: `UNLEASH_INSTANCE_ID=${flag}`, secret: flag },
    ],
    negative: [
      { name: 'a token one character short', text: `UNLEASH_INSTANCE_ID=${flag.slice(0, -1)}` },
    ],
  },
  {
    id: 'gitlab-session-cookie',
    positive: [
      {
        name: 'a cookie header',
        text: `Cookie: _gitlab_session=${session}; path=/`,
        secret: session,
      },
    ],
    negative: [
      {
        name: 'a cookie that is not hex',
        text: `Cookie: _gitlab_session=${fake('base62', 32, 'gl-session')}`,
      },
    ],
  },
];
