/**
 * Every detector family's cases in one list: the unit tests run them per family, and the
 * recall benchmark plants their positives in a corpus.
 */

import { CASES as ai } from '../detectors/ai/ai.cases.js';
import { CASES as aws } from '../detectors/aws/aws.cases.js';
import { CASES as azure } from '../detectors/azure/azure.cases.js';
import { CASES as bitbucket } from '../detectors/bitbucket/bitbucket.cases.js';
import { CASES as cloudPlatforms } from '../detectors/cloud-platforms/cloud-platforms.cases.js';
import { CASES as cloudflare } from '../detectors/cloudflare/cloudflare.cases.js';
import { CASES as databases } from '../detectors/databases/databases.cases.js';
import { CASES as devtools } from '../detectors/devtools/devtools.cases.js';
import { CASES as digitalocean } from '../detectors/digitalocean/digitalocean.cases.js';
import { CASES as gcp } from '../detectors/gcp/gcp.cases.js';
import { CASES as generic } from '../detectors/generic/generic.cases.js';
import { CASES as github } from '../detectors/github/github.cases.js';
import { CASES as gitlab } from '../detectors/gitlab/gitlab.cases.js';
import { CASES as hashicorp } from '../detectors/hashicorp/hashicorp.cases.js';
import { CASES as jwt } from '../detectors/jwt/jwt.cases.js';
import { CASES as messaging } from '../detectors/messaging/messaging.cases.js';
import { CASES as observability } from '../detectors/observability/observability.cases.js';
import { CASES as paas } from '../detectors/paas/paas.cases.js';
import { CASES as payment } from '../detectors/payment/payment.cases.js';
import { CASES as privateKeys } from '../detectors/private-keys/private-keys.cases.js';
import { CASES as registries } from '../detectors/registries/registries.cases.js';
import { CASES as secretsIdentity } from '../detectors/secrets-identity/secrets-identity.cases.js';
import { CASES as urlsAndConfigs } from '../detectors/urls-and-configs/urls-and-configs.cases.js';
import type { DetectorCases } from './detector-cases.js';

/** All detector cases. */
export const ALL_CASES: readonly DetectorCases[] = [
  ...ai,
  ...aws,
  ...azure,
  ...bitbucket,
  ...cloudPlatforms,
  ...cloudflare,
  ...databases,
  ...devtools,
  ...digitalocean,
  ...gcp,
  ...generic,
  ...github,
  ...gitlab,
  ...hashicorp,
  ...jwt,
  ...messaging,
  ...observability,
  ...paas,
  ...payment,
  ...privateKeys,
  ...registries,
  ...secretsIdentity,
  ...urlsAndConfigs,
];
