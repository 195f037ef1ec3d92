import { ParseError } from '@rampart/core';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type YAMLMap,
} from 'yaml';
import type { YamlDoc } from '../check.js';

/** Parses every document of a YAML file; a syntax error is a `ParseError` with file and line. */
export function parseYamlDoc(text: string, file: string): YamlDoc {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lines.linePos(error.pos[0]);
      throw new ParseError(
        { file, line, column: col },
        `invalid YAML: ${error.message.split('\n')[0]}`,
      );
    }
  }
  return { text, documents: list as YamlDoc['documents'], lines };
}

/** 1-based line and column where a node starts (the document start when it has no range). */
export function positionOf(
  doc: YamlDoc,
  node: Node | null | undefined,
): { line: number; column: number } {
  const at = node?.range?.[0] ?? 0;
  const { line, col } = doc.lines.linePos(at);
  return { line, column: col };
}

/** The value node under `key` of a map node, if it is a map. */
export function child(node: unknown, key: string): Node | undefined {
  return isMap(node) ? ((node as YAMLMap).get(key, true) as Node | undefined) : undefined;
}

/** The key node of `key` in a map (for reporting on the key's line). */
export function keyNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair?.key as Node | undefined;
}

/** A scalar's value as a string, when the node is a scalar. */
export function scalar(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** The items of a sequence node (empty otherwise). */
export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

/** The key/value pairs of a map node (empty otherwise). */
export function entries(node: unknown): [string, Node | undefined, Node][] {
  if (!isMap(node)) return [];
  return (node as YAMLMap).items.flatMap((p) =>
    isScalar(p.key) ? [[String(p.key.value), p.value as Node | undefined, p.key as Node]] : [],
  );
}
