import type { Check } from '../check.js';
import { k8sAllowPrivilegeEscalation } from './k8s-allow-privilege-escalation/index.js';
import { k8sDangerousCapabilities } from './k8s-dangerous-capabilities/index.js';
import { k8sHostNamespaces } from './k8s-host-namespaces/index.js';
import { k8sHostPathVolume } from './k8s-host-path-volume/index.js';
import { k8sImageLatestTag } from './k8s-image-latest-tag/index.js';
import { k8sMissingResourceLimits } from './k8s-missing-resource-limits/index.js';
import { k8sPrivilegedContainer } from './k8s-privileged-container/index.js';
import { k8sRbacWildcard } from './k8s-rbac-wildcard/index.js';
import { k8sRunAsNonRootMissing } from './k8s-run-as-non-root-missing/index.js';
import { k8sSecretInEnv } from './k8s-secret-in-env/index.js';
import { k8sServiceAccountTokenAutomount } from './k8s-service-account-token-automount/index.js';
import { k8sWritableRootFilesystem } from './k8s-writable-root-filesystem/index.js';

/** The Kubernetes manifest checks. */
export const KUBERNETES_CHECKS: readonly Check<'kubernetes'>[] = [
  k8sPrivilegedContainer,
  k8sAllowPrivilegeEscalation,
  k8sRunAsNonRootMissing,
  k8sHostNamespaces,
  k8sHostPathVolume,
  k8sDangerousCapabilities,
  k8sWritableRootFilesystem,
  k8sMissingResourceLimits,
  k8sImageLatestTag,
  k8sSecretInEnv,
  k8sRbacWildcard,
  k8sServiceAccountTokenAutomount,
];
