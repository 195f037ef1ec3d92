import {
  type Document,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The known word closest to `word`, if it is close enough to be a likely typo. */
export function suggestClosest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

type Issue = z.core.$ZodIssue;

/**
 * For a union that failed, the issue of the branch that got furthest (an entry that is an
 * object with a bad field should say so, not "expected one of three forms").
 */
function mostSpecific(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length > 0 && (!best || inner.path.length > best.path.length)) best = inner;
    }
  }
  return best ? mostSpecific({ ...best, path: [...issue.path, ...best.path] } as Issue) : issue;
}

/**
 * The keys an object in `schema` at `path` accepts: what "did you mean" chooses from when a
 * key is unknown. Walks through optionals, defaults, arrays, records and unions (the first
 * object option that has a shape at that point).
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let inner = s;
    for (;;) {
      if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable)
        inner = inner.unwrap() as z.ZodType;
      else if (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
      else if (inner instanceof z.ZodPipe) inner = inner.in as z.ZodType;
      else return inner;
    }
  };
  const objectOf = (s: z.ZodType): z.ZodObject | undefined => {
    const inner = unwrap(s);
    if (inner instanceof z.ZodObject) return inner;
    if (inner instanceof z.ZodUnion) {
      for (const option of inner.options) {
        const found = objectOf(option as z.ZodType);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const segment of path) {
    if (!current) return [];
    const inner = unwrap(current);
    if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.ZodType;
    else {
      const object = objectOf(inner);
      current = object?.shape[String(segment)] as z.ZodType | undefined;
    }
  }
  if (!current) return [];
  const object = objectOf(current);
  return object ? Object.keys(object.shape) : [];
}

function describeIssue(issue: Issue, schema: z.ZodType): string {
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const known = keysAt(schema, issue.path);
      const suggestion = suggestClosest(key, known);
      return `${where}unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}${known.length > 0 ? `; expected one of ${known.join(', ')}` : ''}`;
    }
    case 'invalid_value':
      return `${where}expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return `${where}expected ${issue.expected}`;
    default:
      return `${where}${issue.message}`;
  }
}

function nodeRange(node: unknown): [number, number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ?? undefined;
}

/** Finds the YAML source offset an issue points at: the key for unknown keys, else the value. */
function issueOffset(doc: Document, issue: Issue): number | undefined {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === issue.keys[0],
      );
      const offset = nodeRange(pair?.key)?.[0];
      if (offset !== undefined) return offset;
    }
  }
  // Walk down as far as the path exists, so a missing key points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const offset = nodeRange(node)?.[0];
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/** A YAML file validated by a schema, with what is needed to point at its lines later. */
export interface ParsedYaml<T> {
  readonly data: T;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The 1-based line and column of the node at `path` (or of its nearest existing parent). */
  positionOf(path: readonly (string | number)[]): { line: number; column: number };
}

/**
 * Parses YAML and validates it with `schema`. Every problem is a {@link ConfigError} whose
 * message is one line, `file:line:column: what is wrong and what was expected`, with "did
 * you mean" for a mistyped key. Aliases are capped, so an "exponential entity" file cannot
 * eat the memory.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): ParsedYaml<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    const message =
      yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ??
      'invalid YAML';
    throw new ConfigError(`invalid YAML: ${message}`, { file, line, column: col });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (cause) {
    const message = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new ConfigError(`invalid YAML: ${message}`, { file, line: 1, column: 1 }, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('expected a mapping of settings (key: value) at the top level', {
      file,
      line: 1,
      column: 1,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // A mistyped key also makes a required key "missing": the typo is the one to name.
    const first =
      parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    const issue = mostSpecific(first as Issue);
    const offset = issueOffset(doc, issue);
    const pos = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    const more = parsed.error.issues.length - 1;
    throw new ConfigError(
      `${describeIssue(issue, schema)}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
      { file, line: pos.line, column: pos.col },
    );
  }
  return {
    data: parsed.data,
    doc,
    lineCounter,
    positionOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        const offset = nodeRange(node)?.[0];
        if (offset !== undefined) {
          const { line, col } = lineCounter.linePos(offset);
          return { line, column: col };
        }
      }
      return { line: 1, column: 1 };
    },
  };
}
