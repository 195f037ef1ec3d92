import type { Check } from '../check.js';

/** The Kubernetes manifest checks. */
export const KUBERNETES_CHECKS: readonly Check<'kubernetes'>[] = [];
