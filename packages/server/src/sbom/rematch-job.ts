import { resolveCacheDir } from '@rampart/core';
import type { JobDefinition } from '../jobs/job-definition.js';
import { type RematchLogger, rematchSboms } from './rematch.js';

/** How often the re-match looks at the OSV database by default: every 15 minutes. */
export const SBOM_REMATCH_EVERY_MS = 15 * 60_000;

/** Options of {@link sbomRematchJob}. */
export interface SbomRematchJobOptions {
  /**
   * The cache directory of the OSV database, in the CLI's layout (`<dir>/osv/osv.db`, what
   * `rampart db update` fills); default the CLI's (`$RAMPART_CACHE_DIR`, …).
   */
  readonly osvCache?: string | undefined;
  readonly logger?: RematchLogger | undefined;
}

/**
 * `sbom-rematch`: re-matches the latest stored SBOM of every project's `production` and
 * `main` scopes when the OSV database changed (see {@link rematchSboms}). Outcome:
 * `{ sboms, findings, newFindings, fixed, failed, unchanged, noDatabase }`. A missing
 * database is said once in the log, not on every run, until it appears.
 * @example jobs.push(sbomRematchJob({ osvCache: '/var/cache/rampart', logger: app.log }))
 */
export function sbomRematchJob(options: SbomRematchJobOptions = {}): JobDefinition {
  const osvCache = options.osvCache ?? resolveCacheDir();
  let saidMissing = false;
  return {
    name: 'sbom-rematch',
    everyMs: SBOM_REMATCH_EVERY_MS,
    cron: '*/15 * * * *',
    async run(hub, clock) {
      const outcome = await rematchSboms(hub, {
        osv: osvCache,
        now: clock,
        logger: options.logger,
      });
      if (outcome.status === 'no-store') {
        if (!saidMissing)
          options.logger?.info(
            `sbom rematch: no OSV database at ${outcome.path}; stored SBOMs are not re-matched until \`rampart db update\` imports one`,
          );
        saidMissing = true;
        return {
          sboms: 0,
          findings: 0,
          newFindings: 0,
          fixed: 0,
          failed: 0,
          unchanged: 0,
          noDatabase: 1,
        };
      }
      saidMissing = false;
      let findings = 0;
      let newFindings = 0;
      let fixed = 0;
      let failed = 0;
      for (const m of outcome.matched) {
        if (m.error !== undefined) failed++;
        findings += m.findings ?? 0;
        newFindings += m.counts?.new ?? 0;
        fixed += m.counts?.fixed ?? 0;
      }
      return {
        sboms: outcome.matched.length - failed,
        findings,
        newFindings,
        fixed,
        failed,
        unchanged: outcome.unchanged,
        noDatabase: 0,
      };
    },
  };
}
