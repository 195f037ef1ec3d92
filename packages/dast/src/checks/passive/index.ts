import type { PassiveCheck } from '../../types.js';
import { clickjackingCheck } from './clickjacking.js';
import { cookieFlagsCheck } from './cookie-flags.js';
import { cspCheck } from './csp.js';
import { directoryListingCheck } from './directory-listing.js';
import { hstsCheck } from './hsts.js';
import { referrerPolicyCheck } from './referrer-policy.js';
import { sensitiveDataInUrlCheck } from './sensitive-data-in-url.js';
import { stackTraceCheck } from './stack-trace.js';
import { versionDisclosureCheck } from './version-disclosure.js';
import { xctoCheck } from './xcto.js';

/** Every passive check, in the order they look at a response. */
export const PASSIVE_CHECKS: readonly PassiveCheck[] = [
  cspCheck,
  hstsCheck,
  xctoCheck,
  clickjackingCheck,
  referrerPolicyCheck,
  versionDisclosureCheck,
  cookieFlagsCheck,
  stackTraceCheck,
  directoryListingCheck,
  sensitiveDataInUrlCheck,
];
