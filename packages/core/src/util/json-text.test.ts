import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { offsetToPosition, parseJsonText } from './json-text.js';

describe('parseJsonText', () => {
  it('parses JSON and strips a byte-order mark', () => {
    expect(parseJsonText('\ufeff{"a":1}', 'f.json')).toEqual({ a: 1 });
  });

  it('names file, line and column of a syntax error', () => {
    expect(() => parseJsonText('{\n "a": 1,\n "b": }', 'f.json')).toThrow(
      /^f\.json:3:7: invalid JSON/,
    );
  });

  it('throws only ParseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseJsonText(text, 'x.json');
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });

  it('maps offsets to lines and columns', () => {
    expect(offsetToPosition('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
