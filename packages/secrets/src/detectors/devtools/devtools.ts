import type { Detector } from '../../detector.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Developer tooling: CI (CircleCI, Buildkite), code analysis (SonarQube, Snyk), Postman, ngrok, LaunchDarkly, Pulumi. */
export const devtoolsDetectors: readonly Detector[] = [
  {
    id: 'circleci-personal-token',
    provider: 'CircleCI',
    title: 'CircleCI personal API token',
    severity: 'high',
    keywords: ['CCIPAT_'],
    pattern: /\b(?<secret>CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})\b/,
    minEntropy: 4,
    remediation:
      'A personal token has full read and write access to every project of its user (including project environment variables). ' +
      'Delete it at CircleCI → User settings → Personal API Tokens, create a new one, check the organisation audit log, ' +
      'and store the new one in a secret manager.',
    references: ['https://circleci.com/docs/managing-api-tokens/'],
  },
  {
    id: 'buildkite-api-token',
    provider: 'Buildkite',
    title: 'Buildkite user API access token',
    severity: 'high',
    keywords: ['bkua_'],
    pattern: /\b(?<secret>bkua_[a-f0-9]{40})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token at Buildkite → Personal settings → API Access Tokens (organisation admins can revoke it under Organization ' +
      'settings → API Access Audit), create a replacement with the fewest scopes and organisations, and store the new one in a secret manager.',
    references: ['https://buildkite.com/docs/apis/managing-api-tokens'],
  },
  {
    id: 'sonarqube-token',
    provider: 'SonarSource',
    title: 'SonarQube / SonarCloud token',
    severity: 'medium',
    keywords: ['squ_', 'sqp_', 'sqa_'],
    pattern: /\b(?<secret>sq[upa]_[a-f0-9]{40})\b/,
    minEntropy: 3.5,
    remediation:
      'The token can read source code and analysis results (and, for user tokens, act as the user). Revoke it at SonarQube → My Account ' +
      '→ Security (admins: Administration → Security → Users → Tokens), create a project analysis token instead of a user token for CI, ' +
      'and store the new one in a secret manager (or CI secret).',
    references: [
      'https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/',
    ],
  },
  {
    id: 'snyk-api-token',
    provider: 'Snyk',
    title: 'Snyk API token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['snyk'],
    pattern: new RegExp(
      `(?:snyk[\\w.-]{0,20}?(?:token|key)["']?\\s{0,5}(?:[:=]|=>)\\s{0,5}["']?|snyk\\s{1,3}auth\\s{1,3}["']?)(?<secret>${UUID})\\b`,
      'i',
    ),
    minEntropy: 3.3,
    remediation:
      "The token reads every project and vulnerability report of its user's organisations. Revoke it at Snyk → Account settings → " +
      'General → Auth Token → Revoke & Regenerate (service account tokens: Organization settings → Service accounts), ' +
      'and store the new one in a secret manager (or CI secret).',
    references: [
      'https://docs.snyk.io/snyk-api/authentication-for-api/revoke-and-regenerate-a-snyk-api-token',
    ],
  },
  {
    id: 'postman-api-key',
    provider: 'Postman',
    title: 'Postman API key',
    severity: 'high',
    keywords: ['PMAK-'],
    pattern: /\b(?<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/,
    minEntropy: 3.5,
    remediation:
      'The key reads and edits the collections and environments of its user, which often hold other credentials. Delete it at ' +
      'Postman → Settings → API keys, create a replacement with an expiry, and store the new one in a secret manager.',
    references: ['https://learning.postman.com/docs/developer/postman-api/authentication/'],
  },
  {
    id: 'ngrok-authtoken',
    provider: 'ngrok',
    title: 'ngrok authtoken or API key',
    severity: 'medium',
    confidence: 'medium',
    keywords: ['ngrok'],
    pattern:
      /(?:ngrok[\w.-]{0,20}?(?:token|key)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|ngrok\s{1,3}(?:config\s{1,3}add-authtoken|authtoken)\s{1,3}["']?)(?<secret>[0-9A-Za-z]{20,30}_[0-9A-Za-z]{18,30})(?![0-9A-Za-z_])/i,
    minEntropy: 4,
    remediation:
      'Someone holding the authtoken can open tunnels on your account (phishing pages on your domains, traffic on your bill). Delete ' +
      'it at ngrok dashboard → Authtokens (API keys: → API Keys), create a new one, and store the new one in a secret manager.',
    references: ['https://ngrok.com/docs/agent/#authtokens'],
  },
  {
    id: 'launchdarkly-key',
    provider: 'LaunchDarkly',
    title: 'LaunchDarkly server-side SDK key or API access token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['launchdarkly', 'ld_sdk_key', 'ld_api_key', 'ld_access_token', 'ldclient'],
    pattern: new RegExp(`\\b(?<secret>(?:sdk|api)-${UUID})\\b`),
    minEntropy: 3.3,
    requires: {
      pattern:
        /launchdarkly|(?<![a-z0-9])ld[_-](?:sdk|api)[_-]?key|ld[_-]access[_-]token|ldclient/i,
      lines: 3,
    },
    remediation:
      'Rotate an SDK key at LaunchDarkly → Project settings → Environments → the environment → Reset SDK key (with a grace period ' +
      'for running services); delete an API access token at Organization settings → Authorization. Create the replacement with the ' +
      'least role, and store the new one in a secret manager.',
    references: ['https://docs.launchdarkly.com/home/account/environment/keys'],
  },
  {
    id: 'pulumi-access-token',
    provider: 'Pulumi',
    title: 'Pulumi access token',
    severity: 'critical',
    keywords: ['pul-'],
    pattern: /\b(?<secret>pul-[a-f0-9]{40})\b/,
    minEntropy: 3.5,
    remediation:
      'The token reads stack state and configuration (including decrypted secrets) and runs updates. Delete it at Pulumi Cloud → ' +
      'Settings → Access tokens (team and organisation tokens under the organisation settings), check the audit log, prefer OIDC ' +
      'trust for CI, and store the new one in a secret manager.',
    references: ['https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/'],
  },
];
