import type { Check } from '../check.js';
import { ghaDefaultPermissions } from './gha-default-permissions/index.js';
import { ghaExcessivePermissions } from './gha-excessive-permissions/index.js';
import { ghaExpressionInjection } from './gha-expression-injection/index.js';
import { ghaPersistCredentialsWithArtifacts } from './gha-persist-credentials-with-artifacts/index.js';
import { ghaPullRequestTargetCheckout } from './gha-pull-request-target-checkout/index.js';
import { ghaSecretToUnpinnedAction } from './gha-secret-to-unpinned-action/index.js';
import { ghaSecretsEchoed } from './gha-secrets-echoed/index.js';
import { ghaSelfHostedRunnerPublicPr } from './gha-self-hosted-runner-public-pr/index.js';
import { ghaUnpinnedAction } from './gha-unpinned-action/index.js';
import { ghaUnpinnedFirstPartyAction } from './gha-unpinned-first-party-action/index.js';
import { ghaUnsecureCommands } from './gha-unsecure-commands/index.js';

/** The GitHub Actions workflow checks. */
export const GITHUB_ACTIONS_CHECKS: readonly Check<'github-actions'>[] = [
  ghaExpressionInjection,
  ghaPullRequestTargetCheckout,
  ghaUnpinnedAction,
  ghaUnpinnedFirstPartyAction,
  ghaExcessivePermissions,
  ghaDefaultPermissions,
  ghaSecretsEchoed,
  ghaSecretToUnpinnedAction,
  ghaUnsecureCommands,
  ghaSelfHostedRunnerPublicPr,
  ghaPersistCredentialsWithArtifacts,
];
