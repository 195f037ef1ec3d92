import type { Check } from '../check.js';
import { DOCKERFILE_CHECKS } from './dockerfile.js';
import { GITHUB_ACTIONS_CHECKS } from './github-actions.js';
import { GITLAB_CI_CHECKS } from './gitlab-ci.js';
import { KUBERNETES_CHECKS } from './kubernetes.js';
import { TERRAFORM_CHECKS } from './terraform.js';

/**
 * Every check, registered once in its kind's list: adding one touches that list and the
 * check's own folder.
 */
export const CHECKS: readonly Check[] = [
  ...DOCKERFILE_CHECKS,
  ...KUBERNETES_CHECKS,
  ...GITHUB_ACTIONS_CHECKS,
  ...GITLAB_CI_CHECKS,
  ...TERRAFORM_CHECKS,
] as readonly Check[];
