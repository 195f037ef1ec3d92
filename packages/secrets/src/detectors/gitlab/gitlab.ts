import type { Detector } from '../../detector.js';

const TOKENS_DOCS = 'https://docs.gitlab.com/security/tokens/';

/** Where each kind of access token is revoked, then the shared rotation advice. */
function revoke(where: string): string {
  return (
    `Revoke it in GitLab: ${where}. Create a replacement with the narrowest scope, role and expiry that work ` +
    '(or rotate it in place with the `/rotate` REST endpoint, which revokes the old value), check the audit ' +
    'events for use of the leaked one, and store the new one in a secret manager.'
  );
}

/**
 * GitLab tokens. Every GitLab secret carries a `gl…-` prefix (GitLab 14.5+ and the
 * instance-wide customisable prefix aside), so each format is matched by its prefix and length.
 */
export const gitlabDetectors: readonly Detector[] = [
  {
    id: 'gitlab-pat',
    provider: 'GitLab',
    title: 'GitLab personal, project or group access token',
    severity: 'critical',
    keywords: ['glpat-'],
    pattern: /\b(?<secret>glpat-[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation: revoke(
      'User settings > Access tokens for a personal token, or the project or group Settings > Access tokens page ' +
        '(`glab token revoke` or `DELETE /personal_access_tokens/:id` also work)',
    ),
    references: [TOKENS_DOCS, 'https://docs.gitlab.com/user/profile/personal_access_tokens/'],
  },
  {
    id: 'gitlab-pat-routable',
    provider: 'GitLab',
    title: 'GitLab personal, project or group access token (routable)',
    severity: 'critical',
    keywords: ['glpat-'],
    pattern: /\b(?<secret>glpat-[\w-]{27,300}\.[0-9a-z]{2}\.?[0-9a-z]{7})(?![\w-]|\.\w)/,
    minEntropy: 4,
    remediation: revoke(
      'User settings > Access tokens for a personal token, or the project or group Settings > Access tokens page',
    ),
    references: [TOKENS_DOCS],
  },
  {
    id: 'gitlab-deploy-token',
    provider: 'GitLab',
    title: 'GitLab deploy token',
    severity: 'high',
    keywords: ['gldt-'],
    pattern: /\b(?<secret>gldt-[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation: revoke('the project or group Settings > Repository > Deploy tokens > Revoke'),
    references: ['https://docs.gitlab.com/user/project/deploy_tokens/'],
  },
  {
    id: 'gitlab-runner-token',
    provider: 'GitLab',
    title: 'GitLab runner authentication token',
    severity: 'critical',
    keywords: ['glrt-'],
    pattern:
      /\b(?<secret>glrt-(?:t\d_[\w-]{27,300}\.[0-9a-z]{2}\.?[0-9a-z]{7}|[\w-]{20}))(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the runner authentication token (Settings > CI/CD > Runners > edit the runner > Reset token, or ' +
      '`POST /runners/reset_authentication_token`), or delete the runner and create a new one; then update ' +
      '`config.toml` on the runner host with `gitlab-runner register` and store the new one in a secret manager.',
    references: ['https://docs.gitlab.com/ci/runners/new_creation_workflow/', TOKENS_DOCS],
  },
  {
    id: 'gitlab-runner-registration-token',
    provider: 'GitLab',
    title: 'GitLab runner registration token (deprecated)',
    severity: 'high',
    keywords: ['GR1348941'],
    pattern: /\b(?<secret>GR1348941[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the registration token (project, group or Admin > CI/CD > Runners > the menu next to "Register an ' +
      'instance runner" > Reset registration token), remove runners you did not register, migrate to runner ' +
      'authentication tokens, and store the new one in a secret manager.',
    references: ['https://docs.gitlab.com/ci/runners/new_creation_workflow/'],
  },
  {
    id: 'gitlab-ci-job-token',
    provider: 'GitLab',
    title: 'GitLab CI/CD job token',
    severity: 'medium',
    keywords: ['glcbt-'],
    pattern: /\b(?<secret>glcbt-[0-9a-zA-Z]{1,5}_[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'GitLab revokes a job token when its job ends: cancel the job if it is still running, then stop printing ' +
      '`CI_JOB_TOKEN` in logs or artifacts. Narrow the job token allowlist (Settings > CI/CD > Job token ' +
      'permissions) and store any long-lived credential the job needs in a secret manager.',
    references: ['https://docs.gitlab.com/ci/jobs/ci_job_token/'],
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    provider: 'GitLab',
    title: 'GitLab pipeline trigger token',
    severity: 'high',
    keywords: ['glptt-'],
    pattern: /\b(?<secret>glptt-(?:[0-9a-f]{40}|[\w-]{20}))(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation: revoke('the project Settings > CI/CD > Pipeline trigger tokens > Revoke'),
    references: ['https://docs.gitlab.com/ci/triggers/'],
  },
  {
    id: 'gitlab-oauth-app-secret',
    provider: 'GitLab',
    title: 'GitLab OAuth application secret',
    severity: 'high',
    keywords: ['gloas-'],
    pattern: /\b(?<secret>gloas-[\w-]{64})(?![\w-]|\.\w)/,
    minEntropy: 4,
    remediation:
      'Rotate the secret of the OAuth application (User settings, group Settings or Admin > Applications > the ' +
      'application > Renew secret), update every client that signs in with it, and store the new one in a ' +
      'secret manager.',
    references: ['https://docs.gitlab.com/integration/oauth_provider/'],
  },
  {
    id: 'gitlab-feed-token',
    provider: 'GitLab',
    title: 'GitLab feed token',
    severity: 'medium',
    keywords: ['glft-'],
    pattern: /\b(?<secret>glft-[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the feed token at User settings > Access tokens > Feed token > reset this token; it exposes your ' +
      'activity, issue and calendar feeds. Update feed readers and store the new one in a secret manager.',
    references: [TOKENS_DOCS],
  },
  {
    id: 'gitlab-incoming-mail-token',
    provider: 'GitLab',
    title: 'GitLab incoming email token',
    severity: 'medium',
    keywords: ['glimt-'],
    pattern: /\b(?<secret>glimt-[\w-]{25})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the incoming email token at User settings > Access tokens > Incoming email token > reset this token ' +
      '(anyone holding it can open issues and merge requests by email as you), then store the new one in a ' +
      'secret manager.',
    references: [TOKENS_DOCS],
  },
  {
    id: 'gitlab-agent-token',
    provider: 'GitLab',
    title: 'GitLab agent for Kubernetes token',
    severity: 'high',
    keywords: ['glagent-'],
    pattern: /\b(?<secret>glagent-[\w-]{50})(?![\w-]|\.\w)/,
    minEntropy: 4,
    remediation:
      'Revoke the agent token (Operate > Kubernetes clusters > the agent > Access tokens > Revoke), create a new ' +
      'one, reinstall the agent with it (`helm upgrade … --set config.token=…` from a secret), and store the new ' +
      'one in a secret manager.',
    references: ['https://docs.gitlab.com/user/clusters/agent/work_with_agent/'],
  },
  {
    id: 'gitlab-scim-token',
    provider: 'GitLab',
    title: 'GitLab SCIM OAuth token',
    severity: 'high',
    keywords: ['glsoat-'],
    pattern: /\b(?<secret>glsoat-[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the SCIM token (group Settings > SAML SSO > Reset SCIM token, or Admin > Settings > General > SCIM ' +
      'token), update the identity provider with the new one, review provisioned users, and store the new one ' +
      'in a secret manager.',
    references: ['https://docs.gitlab.com/user/group/saml_sso/scim_setup/'],
  },
  {
    id: 'gitlab-feature-flag-client-token',
    provider: 'GitLab',
    title: 'GitLab feature flag client token',
    severity: 'low',
    keywords: ['glffct-'],
    pattern: /\b(?<secret>glffct-[\w-]{20})(?![\w-]|\.\w)/,
    minEntropy: 3,
    remediation:
      'Reset the instance ID (Deploy > Feature flags > Configure > Reset instance ID); it reveals feature flags ' +
      'and user lists. Update the Unleash clients and store the new one in a secret manager.',
    references: ['https://docs.gitlab.com/operations/feature_flags/'],
  },
  {
    id: 'gitlab-session-cookie',
    provider: 'GitLab',
    title: 'GitLab session cookie',
    severity: 'high',
    keywords: ['_gitlab_session='],
    pattern: /_gitlab_session=(?<secret>[0-9a-f]{32})\b/,
    minEntropy: 2.8,
    remediation:
      'Sign out of every session (User settings > Active sessions > Revoke) to invalidate the cookie, change the ' +
      'password if the cookie was shared deliberately, and never store browser cookies in code; keep any needed ' +
      'automation credential in a secret manager.',
    references: ['https://docs.gitlab.com/user/profile/active_sessions/'],
  },
];
