import { createRequire } from 'node:module';
import { offsetToPosition, ParseError, parseJsonText } from '@rampart/core';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/** Where a shape problem is: the file and, from the path in the document, a line. */
export interface ShapeContext {
  readonly file: string;
  /** What the document should be, for messages: `Semgrep JSON report`. */
  readonly format: string;
  /** The 1-based line of the value at `path` (or of its nearest ancestor that exists). */
  readonly lineOf: (path: readonly PathSegment[]) => number;
}

/**
 * A path in a JSON document as a reader writes it: `results[3].start.line`,
 * `info["cwe-id"][0]`.
 * @example formatJsonPath(['results', 3, 'start', 'line']) // 'results[3].start.line'
 */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$@][\w$@]*$/.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * For a union that failed, the issue of the branch that got furthest: "results[3].start:
 * expected an object" says more than "matches none of the accepted forms".
 */
function mostSpecific(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (!best || inner.path.length > best.path.length) best = inner;
    }
  }
  return best && best.path.length > 0
    ? mostSpecific({ ...best, path: [...issue.path, ...best.path] } as Issue)
    : issue;
}

function describeIssue(issue: Issue): string {
  if (issue.code === 'invalid_union') return 'matches none of the accepted forms';
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  if (issue.code === 'invalid_type' && /received undefined$/.test(message)) {
    return `missing, expected ${issue.expected}`;
  }
  return message;
}

/**
 * Checks a parsed value against `schema` and returns the parsed data, or throws a
 * `ParseError` naming the file, the line and the path of the first problem:
 * `report.json:12: not a Semgrep JSON report: results[3].start.line: expected number, received string`.
 */
export function checkShape<S extends z.ZodType>(
  value: unknown,
  schema: S,
  ctx: ShapeContext,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  if (first === undefined) {
    throw new ParseError({ file: ctx.file, line: 1 }, `not a ${ctx.format}`);
  }
  const issue = mostSpecific(first);
  const where = formatJsonPath(issue.path);
  throw new ParseError(
    { file: ctx.file, line: ctx.lineOf(issue.path) },
    `not a ${ctx.format}: ${where === '' ? 'the document' : where}: ${describeIssue(issue)}`,
  );
}

/**
 * The 1-based line where the value at `path` starts in a JSON text, or where its nearest
 * existing ancestor starts (a missing key is reported at its object). Only called on the
 * error path, so jsonc-parser (which keeps positions) is loaded only then.
 */
export function jsonPathLine(text: string, path: readonly PathSegment[]): number {
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const { parseTree } = createRequire(import.meta.url)(
    'jsonc-parser',
  ) as typeof import('jsonc-parser');
  let node = parseTree(body);
  if (node === undefined) return 1;
  for (const segment of path) {
    let next: typeof node | undefined;
    if (node.type === 'array' && typeof segment === 'number') {
      next = node.children?.[segment];
    } else if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key?.value === segment && value !== undefined) next = value;
      }
    }
    if (next === undefined) break;
    node = next;
  }
  return offsetToPosition(body, node.offset).line;
}

/**
 * Parses a whole-file JSON report and checks its shape. Invalid JSON fails with the line
 * and column of the syntax error; a wrong shape with the line and path of the first problem.
 */
export function readJsonReport<S extends z.ZodType>(
  text: string,
  file: string,
  format: string,
  schema: S,
): z.output<S> {
  const json = parseJsonText(text, file);
  return checkShape(json, schema, { file, format, lineOf: (path) => jsonPathLine(text, path) });
}

/** One record of a JSON Lines report with the line it came from. */
export interface JsonLine<T> {
  readonly line: number;
  readonly value: T;
}

/**
 * Parses a JSON Lines report (one JSON value per line; blank lines are skipped) and checks
 * each record's shape. A line that is not JSON, or not the right shape, fails with its line
 * number; nothing of the report is returned then.
 */
export function readJsonLines<S extends z.ZodType>(
  text: string,
  file: string,
  format: string,
  schema: S,
): JsonLine<z.output<S>>[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: JsonLine<z.output<S>>[] = [];
  for (const [index, raw] of body.split('\n').entries()) {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineText.trim() === '') continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = parseJsonText(lineText, file);
    } catch (err) {
      const column = err instanceof ParseError ? err.position.column : undefined;
      const what = err instanceof Error ? err.message.replace(/^.*?: invalid JSON: /, '') : '';
      throw new ParseError(
        { file, line, column },
        `not a ${format}: line ${line} is not a JSON value (${what})`,
        { cause: err },
      );
    }
    records.push({ line, value: checkShape(value, schema, { file, format, lineOf: () => line }) });
  }
  return records;
}

/** The first non-blank line of a text parsed as JSON, or undefined; never throws. */
export function firstJsonLine(text: string): unknown {
  const start = text.search(/\S/);
  if (start === -1) return undefined;
  const end = text.indexOf('\n', start);
  try {
    return JSON.parse(end === -1 ? text.slice(start) : text.slice(start, end)) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
