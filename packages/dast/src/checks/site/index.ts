import type { SiteCheck } from '../../types.js';
import { backupFileCheck } from './backup-file.js';
import { corsCheck } from './cors.js';
import { exposedEnvCheck } from './exposed-env.js';
import { exposedGitCheck } from './exposed-git.js';
import { sourceMapCheck } from './source-map.js';

/** Every site check (probes run once per site after discovery). */
export const SITE_CHECKS: readonly SiteCheck[] = [
  exposedGitCheck,
  exposedEnvCheck,
  backupFileCheck,
  sourceMapCheck,
  corsCheck,
];
