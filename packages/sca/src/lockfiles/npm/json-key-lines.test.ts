import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARRAY_ELEMENT, jsonKeyLines, keyPath } from './json-key-lines.js';

describe('jsonKeyLines', () => {
  it('finds keys by path, with arrays, escapes, strings that look like JSON, and comments', () => {
    const text = [
      '{',
      '  "a": { "x": "{\\"not\\": \\"a key\\"}", "y": [',
      '    { "in array": 1 }',
      '  ] },',
      '  // "commented": { "out": 1 },',
      '  /* "block": 1,',
      '     "still": 2 */',
      '  "quote\\"d\\\\": { "b": 1 },',
      '  "c": "x\\\\",',
      '  "d": 2,',
      '}',
    ].join('\n');
    const lines = jsonKeyLines(text, () => true);
    expect(lines.get('a')).toBe(2);
    expect(lines.get(keyPath('a', 'x'))).toBe(2);
    expect(lines.get(keyPath('a', 'y', ARRAY_ELEMENT, 'in array'))).toBe(3);
    expect(lines.get('quote"d\\')).toBe(8);
    expect(lines.get(keyPath('quote"d\\', 'b'))).toBe(8);
    expect(lines.get('c')).toBe(9);
    expect(lines.get('d')).toBe(10);
    expect(
      [...lines.keys()].some(
        (k) => k.includes('commented') || k.includes('block') || k.includes('not'),
      ),
    ).toBe(false);
  });

  it('records only the paths asked for', () => {
    const text = '{\n "packages": {\n  "a": { "b": 1 }\n },\n "a": 2\n}';
    const lines = jsonKeyLines(text, (p) => p.length === 2 && p[0] === 'packages');
    expect([...lines]).toEqual([[keyPath('packages', 'a'), 3]]);
  });

  it('does not throw on broken text', () => {
    for (const text of ['{"a', '{"a": [}', '}}]]', '/*', '{"a\\']) {
      expect(() => jsonKeyLines(text, () => true)).not.toThrow();
    }
  });

  it('agrees with JSON.stringify output on the line of every top-level key', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (value) => {
        const text = JSON.stringify(value, null, 2);
        const lines = jsonKeyLines(text, (p) => p.length === 1);
        const textLines = text.split('\n');
        for (const key of Object.keys(value)) {
          const line = lines.get(key);
          expect(line).toBeDefined();
          expect(textLines[(line as number) - 1]?.startsWith(`  ${JSON.stringify(key)}: `)).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
