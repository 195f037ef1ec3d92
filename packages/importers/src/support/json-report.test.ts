import { ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkShape,
  firstJsonLine,
  formatJsonPath,
  jsonPathLine,
  readJsonLines,
  readJsonReport,
} from './json-report.js';

const Shape = z.object({ items: z.array(z.object({ id: z.string(), n: z.number().optional() })) });

function errorOf(run: () => unknown): ParseError {
  try {
    run();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

describe('formatJsonPath', () => {
  it('writes paths as a reader would', () => {
    expect(formatJsonPath(['results', 3, 'start', 'line'])).toBe('results[3].start.line');
    expect(formatJsonPath([0, 'info', 'cwe-id', 1])).toBe('[0].info["cwe-id"][1]');
    expect(formatJsonPath(['@version'])).toBe('@version');
    expect(formatJsonPath([])).toBe('');
  });
});

describe('jsonPathLine', () => {
  const text = '{\n  "items": [\n    {"id": "a"},\n    {\n      "id": 7\n    }\n  ]\n}';

  it('finds the line of a value, or of the nearest ancestor that exists', () => {
    expect(jsonPathLine(text, ['items', 1, 'id'])).toBe(5);
    expect(jsonPathLine(text, ['items', 1, 'missing'])).toBe(4);
    expect(jsonPathLine(text, ['items', 9])).toBe(2);
    expect(jsonPathLine(text, [])).toBe(1);
    expect(jsonPathLine('\ufeff\n[1, 2]', [1])).toBe(2);
  });
});

describe('readJsonReport', () => {
  it('returns the checked value', () => {
    expect(
      readJsonReport('{"items": [{"id": "a", "extra": 1}]}', 'r.json', 'test report', Shape),
    ).toEqual({
      items: [{ id: 'a' }],
    });
  });

  it('names file, line, column of a syntax error', () => {
    const err = errorOf(() => readJsonReport('{\n"items": [\n}', 'r.json', 'test report', Shape));
    expect(err.position).toMatchObject({ file: 'r.json', line: 3 });
  });

  it('names the path and the line of a shape problem', () => {
    const text = '{\n  "items": [\n    {"id": "a"},\n    {"id": "b", "n": "7"}\n  ]\n}';
    const err = errorOf(() => readJsonReport(text, 'r.json', 'test report', Shape));
    expect(err.message).toBe(
      'r.json:4: not a test report: items[1].n: expected number, received string',
    );
  });

  it('says what is missing and what the document itself should be', () => {
    expect(
      errorOf(() => readJsonReport('{"items": [{}]}', 'r.json', 'test report', Shape)).message,
    ).toBe('r.json:1: not a test report: items[0].id: missing, expected string');
    expect(errorOf(() => readJsonReport('[]', 'r.json', 'test report', Shape)).message).toBe(
      'r.json:1: not a test report: the document: expected object, received array',
    );
  });

  it('reports the deepest branch of a union that failed', () => {
    const Either = z.union([z.object({ a: z.object({ b: z.number() }) }), z.array(z.number())]);
    const err = errorOf(() =>
      checkShape({ a: { b: 'x' } }, Either, { file: 'f', format: 'x', lineOf: () => 9 }),
    );
    expect(err.message).toBe('f:9: not a x: a.b: expected number, received string');
  });
});

describe('readJsonLines', () => {
  it('reads one record per non-blank line with its line number', () => {
    const text = '\ufeff{"id": "a"}\r\n\n  \n{"id": "b"}\n';
    expect(readJsonLines(text, 'r.jsonl', 'test lines', z.object({ id: z.string() }))).toEqual([
      { line: 1, value: { id: 'a' } },
      { line: 4, value: { id: 'b' } },
    ]);
  });

  it('names the line and column of a line that is not JSON, and of a wrong record', () => {
    const Record = z.object({ id: z.string() });
    const bad = errorOf(() =>
      readJsonLines('{"id": "a"}\n{"id": }', 'r.jsonl', 'test lines', Record),
    );
    expect(bad.position).toMatchObject({ file: 'r.jsonl', line: 2, column: 8 });
    expect(bad.message).toMatch(
      /^r\.jsonl:2:8: not a test lines: line 2 is not a JSON value \(expected a value\)$/,
    );
    const wrong = errorOf(() =>
      readJsonLines('{"id": "a"}\n\n{"id": 1}', 'r.jsonl', 'test lines', Record),
    );
    expect(wrong.message).toBe('r.jsonl:3: not a test lines: id: expected string, received number');
  });

  it('throws only ParseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          readJsonLines(text, 'r.jsonl', 'test lines', z.object({ id: z.string() }));
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});

describe('firstJsonLine', () => {
  it('parses the first non-blank line and never throws', () => {
    expect(firstJsonLine('\n\n  {"a": 1}\n{"b": 2}')).toEqual({ a: 1 });
    expect(firstJsonLine('not json\n{}')).toBeUndefined();
    expect(firstJsonLine('')).toBeUndefined();
  });
});
