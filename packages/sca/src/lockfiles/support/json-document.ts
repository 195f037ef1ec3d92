import { offsetToPosition, ParseError } from '@rampart/core';
import {
  type ParseError as JsoncError,
  type Node as JsonNode,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import { LineIndex } from '../../util/lines.js';

/**
 * A JSON file with positions, shared by the JSON lockfile parsers (Pipfile.lock,
 * composer.lock, packages.lock.json): every node knows its line, and every shape check
 * fails with a `ParseError` at the offending node.
 */
export class JsonDocument {
  /** The top-level value. */
  readonly root: JsonNode;
  private readonly lines: LineIndex;

  /** Parses `text` strictly (no comments, no trailing commas). */
  constructor(
    text: string,
    readonly file: string,
  ) {
    const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    const errors: JsoncError[] = [];
    const root = parseTree(body, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    const first = errors[0];
    if (first !== undefined || root === undefined) {
      const offset = first?.offset ?? 0;
      const what = first === undefined ? 'empty document' : printParseErrorCode(first.error);
      const { line, column } = offsetToPosition(body, offset);
      throw new ParseError({ file, line, column }, `invalid JSON: ${what}`);
    }
    this.root = root;
    this.lines = new LineIndex(body);
  }

  /** The 1-based line where `node` starts. */
  line(node: JsonNode): number {
    return this.lines.lineAt(node.offset);
  }

  /** Throws a `ParseError` at `node`. */
  fail(node: JsonNode, message: string): never {
    throw new ParseError({ file: this.file, line: this.line(node) }, message);
  }

  /** Asserts that `node` is an object. */
  object(node: JsonNode, what: string): JsonNode {
    if (node.type !== 'object') this.fail(node, `${what} is not an object`);
    return node;
  }

  /** Asserts that `node` is an array and returns its items. */
  array(node: JsonNode, what: string): readonly JsonNode[] {
    if (node.type !== 'array') this.fail(node, `${what} is not an array`);
    return node.children ?? [];
  }

  /** The properties of an object node, in order, with their keys. */
  entries(node: JsonNode, what: string): { key: string; keyNode: JsonNode; value: JsonNode }[] {
    const out: { key: string; keyNode: JsonNode; value: JsonNode }[] = [];
    for (const prop of this.object(node, what).children ?? []) {
      const [keyNode, value] = prop.children ?? [];
      if (keyNode === undefined || value === undefined) continue;
      out.push({ key: String(keyNode.value), keyNode, value });
    }
    return out;
  }

  /** The value node of `key` in an object node (the last one when repeated, like JSON.parse). */
  get(node: JsonNode, key: string): JsonNode | undefined {
    let found: JsonNode | undefined;
    for (const prop of node.type === 'object' ? (node.children ?? []) : []) {
      const [keyNode, value] = prop.children ?? [];
      if (keyNode?.value === key && value !== undefined) found = value;
    }
    return found;
  }

  /** A required string property. */
  string(node: JsonNode, key: string, what: string): string {
    const value = this.get(node, key);
    if (value === undefined) this.fail(node, `${what} has no "${key}"`);
    if (value.type !== 'string') this.fail(value, `${what}: "${key}" is not a string`);
    return value.value as string;
  }

  /** An optional string property. */
  optionalString(node: JsonNode, key: string, what: string): string | undefined {
    const value = this.get(node, key);
    if (value === undefined || value.type === 'null') return undefined;
    if (value.type !== 'string') this.fail(value, `${what}: "${key}" is not a string`);
    return value.value as string;
  }
}

/** Parses a sibling JSON manifest leniently: `undefined` when it is not valid JSON. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}
