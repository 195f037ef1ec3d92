import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import type { Ecosystem, LockfileParser } from '../../types.js';
import { packageKey } from '../../types.js';
import { buildDependencies } from '../graph.js';

/** A real file a parser must read: where it would sit, and its text (when available). */
export interface ConformanceSample {
  readonly parser: LockfileParser;
  readonly path: string;
  readonly text: () => string;
}

/**
 * The checks every lockfile parser passes, whatever its format: unique ids, paths claimed by
 * exactly one parser, well-formed nodes on real files, and nothing but `ParseError` on
 * arbitrary or truncated input. Test-only; shared by every ecosystem folder's `index.test.ts`.
 */
export function describeParserConformance(
  ecosystem: Ecosystem,
  parsers: readonly LockfileParser[],
  samples: readonly ConformanceSample[],
  enabled: boolean,
): void {
  describe(`${ecosystem} parsers: conformance`, () => {
    it('have unique ids, this ecosystem and a description', () => {
      expect(new Set(parsers.map((p) => p.id)).size).toBe(parsers.length);
      for (const p of parsers) {
        expect(p.ecosystem).toBe(ecosystem);
        expect(p.description.length).toBeGreaterThan(5);
      }
    });

    it('claim each sample path with exactly one parser', () => {
      for (const s of samples) {
        expect(parsers.filter((p) => p.matches(s.path)).map((p) => p.id)).toEqual([s.parser.id]);
      }
    });

    it.each(parsers.map((p) => [p.id, p] as const))(
      '%s throws nothing but ParseError on arbitrary text',
      async (_, parser) => {
        await fc.assert(
          fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), async (text) => {
            await expectOnlyParseError(parser, text, 'x/file');
          }),
          { numRuns: 300 },
        );
      },
    );

    it.skipIf(!enabled).each(samples.map((s) => [s.path, s] as const))(
      '%s: every node is well formed',
      async (_, s) => {
        const text = s.text();
        const r = await parseText(s.parser, text, s.path);
        const lineCount = text.split('\n').length;
        const keys = new Set(r.packages.map((p) => packageKey(p.name, p.version)));
        expect(r.ecosystem).toBe(ecosystem);
        expect(r.packages.length).toBeGreaterThan(0);
        for (const p of r.packages) {
          expect(p.name).not.toBe('');
          expect(p.line === undefined || (p.line >= 1 && p.line <= lineCount)).toBe(true);
          for (const k of p.dependsOn) expect(keys.has(k)).toBe(true);
        }
        expect(buildDependencies(ecosystem, s.path, r.packages).length).toBe(keys.size);
      },
    );

    it.skipIf(!enabled).each(samples.map((s) => [s.path, s] as const))(
      '%s: truncated or corrupted copies throw nothing but ParseError',
      async (_, s) => {
        const text = s.text();
        await fc.assert(
          fc.asyncProperty(fc.nat(text.length), fc.string({ maxLength: 3 }), async (at, junk) => {
            await expectOnlyParseError(s.parser, text.slice(0, at), s.path);
            await expectOnlyParseError(
              s.parser,
              text.slice(0, at) + junk + text.slice(at + 1),
              s.path,
            );
          }),
          { numRuns: 40 },
        );
      },
    );
  });
}

async function expectOnlyParseError(
  parser: LockfileParser,
  text: string,
  path: string,
): Promise<void> {
  try {
    await parseText(parser, text, path);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position.file).toBe(path);
  }
}
