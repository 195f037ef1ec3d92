import type { Detector } from '../detector.js';
import { aiDetectors } from './ai/ai.js';
import { awsDetectors } from './aws/aws.js';
import { azureDetectors } from './azure/azure.js';
import { bitbucketDetectors } from './bitbucket/bitbucket.js';
import { cloudPlatformsDetectors } from './cloud-platforms/cloud-platforms.js';
import { cloudflareDetectors } from './cloudflare/cloudflare.js';
import { databasesDetectors } from './databases/databases.js';
import { devtoolsDetectors } from './devtools/devtools.js';
import { digitaloceanDetectors } from './digitalocean/digitalocean.js';
import { gcpDetectors } from './gcp/gcp.js';
import { genericDetectors } from './generic/generic.js';
import { githubDetectors } from './github/github.js';
import { gitlabDetectors } from './gitlab/gitlab.js';
import { hashicorpDetectors } from './hashicorp/hashicorp.js';
import { jwtDetectors } from './jwt/jwt.js';
import { messagingDetectors } from './messaging/messaging.js';
import { observabilityDetectors } from './observability/observability.js';
import { paasDetectors } from './paas/paas.js';
import { paymentDetectors } from './payment/payment.js';
import { privateKeysDetectors } from './private-keys/private-keys.js';
import { registriesDetectors } from './registries/registries.js';
import { secretsIdentityDetectors } from './secrets-identity/secrets-identity.js';
import { urlsAndConfigsDetectors } from './urls-and-configs/urls-and-configs.js';

/**
 * Every built-in detector. A family of detectors lives in `detectors/<family>/` (the
 * declarations, a README, and their cases); adding one touches that folder and this list.
 * The generic detector comes last: where it overlaps a specific one, the specific one wins.
 */
export const DETECTORS: readonly Detector[] = [
  ...awsDetectors,
  ...gcpDetectors,
  ...azureDetectors,
  ...digitaloceanDetectors,
  ...cloudflareDetectors,
  ...hashicorpDetectors,
  ...cloudPlatformsDetectors,
  ...paasDetectors,
  ...observabilityDetectors,
  ...devtoolsDetectors,
  ...secretsIdentityDetectors,
  ...githubDetectors,
  ...gitlabDetectors,
  ...bitbucketDetectors,
  ...paymentDetectors,
  ...messagingDetectors,
  ...registriesDetectors,
  ...aiDetectors,
  ...databasesDetectors,
  ...privateKeysDetectors,
  ...jwtDetectors,
  ...urlsAndConfigsDetectors,
  ...genericDetectors,
];
