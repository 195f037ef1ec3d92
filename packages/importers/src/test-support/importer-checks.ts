import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Importer } from '../importer.js';

// Test support only: not part of the package's API.

/** The `ParseError` an importer throws on `text`; fails the test when it throws none or another. */
export function parseErrorOf(importer: Importer, text: string, file = 'report.json'): ParseError {
  try {
    importer.parse(text, { file });
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error(`expected ${importer.id} to reject the input with a ParseError`);
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

/** Property: arbitrary JSON values, and arbitrary text, make the importer throw only ParseError. */
export function assertOnlyParseErrors(importer: Importer): void {
  const input = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string(),
    fc
      .array(fc.jsonValue(), { maxLength: 4 })
      .map((lines) => lines.map((v) => JSON.stringify(v)).join('\n')),
  );
  fc.assert(
    fc.property(input, (text) => {
      try {
        importer.parse(text, { file: 'random.json' });
      } catch (err) {
        expect(err).toBeInstanceOf(ParseError);
        expect((err as ParseError).position.file).toBe('random.json');
      }
    }),
  );
}

/** Property: `detect` returns a boolean for any text and JSON value, and never throws. */
export function assertDetectNeverThrows(importer: Importer): void {
  fc.assert(
    fc.property(fc.string(), fc.option(fc.jsonValue(), { nil: undefined }), (text, json) => {
      expect(typeof importer.detect(text, json)).toBe('boolean');
    }),
  );
}
