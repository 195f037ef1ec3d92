import { extname } from 'node:path';
import type { FindingDraft, ScanContext, Scanner, ScanTarget } from '@rampart/core';
import { LANGUAGE_BY_EXTENSION } from './engine/file-languages.js';

/**
 * The `sast` scanner. Light on purpose (the CLI loads it on every start): the engine, its
 * native parsers and the rules load only when the target has JavaScript, TypeScript or
 * Python files.
 */
export function createSastScanner(): Scanner {
  return {
    kind: 'sast',
    description:
      'static analysis: built-in and Semgrep-syntax rules (--rules), with taint tracking, for JavaScript, TypeScript and Python',
    async *scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
      const hasSource = target.files.some(
        (f) => LANGUAGE_BY_EXTENSION[extname(f.path).toLowerCase()] !== undefined,
      );
      if (!hasSource) {
        if (ctx.requested === true)
          ctx.logger.info('sast: no JavaScript, TypeScript or Python files to analyse');
        return;
      }
      const { scanWithRules } = await import('./sast-scanner.js');
      yield* scanWithRules(target, ctx);
    },
  };
}
