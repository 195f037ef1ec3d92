import type { Check } from '../check.js';

/** The Terraform checks. */
export const TERRAFORM_CHECKS: readonly Check<'terraform'>[] = [];
