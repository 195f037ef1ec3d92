import type { FindingDraft, ScanContext, Scanner, ScanTarget } from '@rampart/core';

/**
 * The `sast` scanner. Light on purpose (the CLI loads it on every start): the engine and
 * its native parsers load only when a scan has rules to run (`--rules`).
 */
export function createSastScanner(): Scanner {
  return {
    kind: 'sast',
    description:
      'static analysis with Semgrep-syntax rules (--rules) for JavaScript, TypeScript and Python',
    async *scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
      if (ctx.rulePaths.length === 0) {
        if (ctx.requested === true) {
          ctx.logger.warn('sast: no rules to run; give rule files or folders with --rules');
        }
        return;
      }
      const { scanWithRules } = await import('./sast-scanner.js');
      yield* scanWithRules(target, ctx);
    },
  };
}
