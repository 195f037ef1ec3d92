import type { FindingDraft, ScanContext, Scanner, ScanTarget } from '@rampart/core';

/** The `iac` scanner: Dockerfiles, Kubernetes manifests, CI workflows and Terraform. */
export function createIacScanner(): Scanner {
  return {
    kind: 'iac',
    description:
      'infrastructure and pipeline checks: Dockerfiles, Kubernetes manifests, GitHub Actions',
    async *scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
      const { scanIac } = await import('./iac-scanner.js');
      yield* scanIac(target, ctx);
    },
  };
}
