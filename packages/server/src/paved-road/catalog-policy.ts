import { createHash } from 'node:crypto';
import { ConfigError } from '@rampart/core';
import { parsePolicy } from '@rampart/iac/paved-road';
import { type Document, isCollection, isSeq, parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { ApiError } from '../api-error.js';

/** The largest policy the hub stores: 1 MiB of UTF-8 (what the CLI's loader accepts). */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** The file name in validation messages (the policy's stable URL ends with it). */
export const POLICY_FILE = 'paved-road.yml';

/** A 400 INVALID_POLICY with where the problem is, 1-based. */
export class InvalidPolicyError extends ApiError {
  constructor(
    message: string,
    readonly details: { readonly line: number; readonly column: number },
  ) {
    super(400, 'INVALID_POLICY', message);
    this.name = 'InvalidPolicyError';
  }
}

/** Hex SHA-256 of the UTF-8 bytes of a text: the ETag of the served policy. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** 413 POLICY_TOO_LARGE beyond {@link MAX_POLICY_BYTES}. */
export function checkPolicySize(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw new ApiError(
      413,
      'POLICY_TOO_LARGE',
      `the policy is ${bytes} bytes; the limit is ${MAX_POLICY_BYTES} bytes (1 MiB)`,
    );
  }
}

/**
 * Validates a policy text with the CLI's own parser (`parsePolicy` of @rampart/iac), so the
 * hub never stores what a scan would refuse. 413 when too large; 400 INVALID_POLICY with
 * `details: { line, column }` and a message naming the line otherwise.
 */
export function validatePolicy(text: string): void {
  checkPolicySize(text);
  if (text.trim() === '') {
    throw new InvalidPolicyError('line 1, column 1: the policy is empty', { line: 1, column: 1 });
  }
  try {
    parsePolicy(text, POLICY_FILE);
  } catch (error) {
    throw toInvalidPolicy(error);
  }
}

/** The parser's error (message `paved-road.yml:line:col: …`) as a 400 INVALID_POLICY. */
export function toInvalidPolicy(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  let line: number | undefined;
  let column: number | undefined;
  if (error instanceof ConfigError && error.position) {
    line = error.position.line;
    column = error.position.column;
  }
  const prefix = /^paved-road\.yml(?::(\d+)(?::(\d+))?)?:\s*/.exec(message);
  if (line === undefined && prefix?.[1] !== undefined) line = Number(prefix[1]);
  if (column === undefined && prefix?.[2] !== undefined) column = Number(prefix[2]);
  const rest = prefix ? message.slice(prefix[0].length) : message;
  const at = { line: line ?? 1, column: column ?? 1 };
  return new InvalidPolicyError(`line ${at.line}, column ${at.column}: ${rest}`, at);
}

/**
 * The stored YAML as plain JSON (what the UI renders as tables); null for an empty text.
 * Only ever called on a text {@link validatePolicy} accepted.
 */
export function policyJson(text: string): unknown {
  if (text === '') return null;
  return parse(text, { maxAliasCount: 100 }) ?? null;
}

/** A path into the policy document: keys and sequence indexes. */
const PathSchema = z
  .array(z.union([z.string().min(1).max(200), z.number().int().min(0).max(100_000)]))
  .min(1)
  .max(16);

/** One edit of {@link applyPolicyOps}. */
export const PolicyOpSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('set'), path: PathSchema, value: z.unknown() }),
  z.strictObject({ op: z.literal('append'), path: PathSchema, value: z.unknown() }),
  z.strictObject({ op: z.literal('delete'), path: PathSchema }),
]);
export type PolicyOp = z.infer<typeof PolicyOpSchema>;
/** At most this many edits per PATCH. */
export const MAX_POLICY_OPS = 100;

function invalidOp(index: number, message: string): ApiError {
  return new ApiError(400, 'INVALID_PATCH', `ops.${index}: ${message}`);
}

/**
 * Refuses a list index in a `set`/`append` path beyond the end of its list (a missing list
 * counts as empty): `yaml` would fill the gap with nulls, so one small op could build a
 * document of millions of nodes before the size limit is ever checked.
 */
function checkIndexes(doc: Document, path: readonly (string | number)[], index: number): void {
  for (const [i, key] of path.entries()) {
    if (typeof key !== 'number') continue;
    const list = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    const length = isSeq(list) ? list.items.length : 0;
    if (key > length) {
      throw invalidOp(
        index,
        `${path.slice(0, i + 1).join('.')}: the list has ${length} items (append to add one)`,
      );
    }
  }
}

/**
 * Applies edits to a policy text through the `yaml` Document API, so comments, key order and
 * formatting of what is not edited are kept:
 * - `set`: the value at the path (intermediate mappings are created);
 * - `append`: adds the value to the sequence at the path (created when missing);
 * - `delete`: removes the key or sequence item (400 when it is not there).
 * Returns the new text (not validated: the caller validates it like a PUT).
 */
export function applyPolicyOps(text: string, ops: readonly PolicyOp[]): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ApiError(400, 'INVALID_PATCH', 'the current policy is not valid YAML');
  }
  for (const [index, op] of ops.entries()) {
    if (op.op !== 'delete' && op.value === undefined) throw invalidOp(index, 'value is required');
    try {
      if (op.op !== 'delete') checkIndexes(doc, op.path, index);
      if (op.op === 'set') {
        doc.setIn(op.path, doc.createNode(op.value));
      } else if (op.op === 'append') {
        const node = doc.getIn(op.path, true);
        if (node === undefined || node === null) {
          doc.setIn(op.path, doc.createNode([op.value]));
        } else if (isSeq(node)) {
          node.add(doc.createNode(op.value));
        } else {
          throw invalidOp(index, `${op.path.join('.')} is not a list`);
        }
      } else {
        const parentPath = op.path.slice(0, -1);
        const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
        const last = op.path[op.path.length - 1] as string | number;
        if (!isCollection(parent) || !parent.has(last)) {
          throw invalidOp(index, `${op.path.join('.')} is not in the policy`);
        }
        parent.delete(last);
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw invalidOp(index, `cannot ${op.op} ${op.path.join('.')}: ${(error as Error).message}`);
    }
  }
  try {
    // Flow lists as written by hand (`[a, b]`), long strings never folded.
    return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  } catch (error) {
    throw new ApiError(400, 'INVALID_PATCH', `the edits give no YAML: ${(error as Error).message}`);
  }
}
