import type { FindingDraft, ScanContext, Scanner, ScanTarget } from '@rampart/core';
import { mayBeManifest } from './lockfiles/names.js';

/**
 * The `sca` scanner. This module is light on purpose (the CLI loads it on every start):
 * the parsers, the database and the matcher load on the first scan that runs it.
 */
export function createScaScanner(options: { now?: () => Date } = {}): Scanner {
  return {
    kind: 'sca',
    description:
      'Dependency analysis: known vulnerabilities (offline OSV database) and licences in lockfiles',
    async *scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
      const declared = target.formats ?? {};
      if (!target.files.some((f) => mayBeManifest(f.path) || f.path in declared)) return;
      const { scanDependencies } = await import('./sca-scanner.js');
      yield* scanDependencies(target, ctx, options);
    },
  };
}

export { DEFAULT_OSV_SOURCE } from './osv/source.js';
export { ECOSYSTEMS, type Ecosystem, isEcosystem } from './types.js';
