import type { ActiveCheck } from '../../types.js';
import { commandInjectionCheck } from './command-injection.js';
import { nosqlInjectionCheck } from './nosql-injection.js';
import { openRedirectCheck } from './open-redirect.js';
import { pathTraversalCheck } from './path-traversal.js';
import { sqlInjectionCheck } from './sql-injection.js';
import { ssrfCheck } from './ssrf.js';
import { sstiCheck } from './ssti.js';
import { xssCheck } from './xss.js';
import { xxeCheck } from './xxe.js';

/**
 * Every active check, run per endpoint with `--active`. Checks marked `exclusive` (they
 * measure time) run after the others, one request at a time.
 */
export const ACTIVE_CHECKS: readonly ActiveCheck[] = [
  xssCheck,
  nosqlInjectionCheck,
  pathTraversalCheck,
  openRedirectCheck,
  sstiCheck,
  ssrfCheck,
  xxeCheck,
  // Both read response times (time-based blind detection).
  { ...sqlInjectionCheck, exclusive: true },
  { ...commandInjectionCheck, exclusive: true },
];
