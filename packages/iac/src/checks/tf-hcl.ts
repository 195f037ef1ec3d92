import type { SgNode } from '@ast-grep/napi';
import type { HclAttribute, HclBlock } from '../parsers/terraform.js';

/** Helpers over tree-sitter-hcl value nodes, shared by the Terraform checks. */

/** A 1-based position of a node. */
export function positionOf(node: SgNode): { line: number; column: number } {
  const r = node.range();
  return { line: r.start.line + 1, column: r.start.column + 1 };
}

/** Strips the wrapper nodes (`expression`, `collection_value`, `literal_value`, parentheses). */
export function unwrap(node: SgNode): SgNode {
  let current = node;
  for (;;) {
    const kind = current.kind();
    const children = current.namedChildren();
    if (
      (kind === 'expression' ||
        kind === 'collection_value' ||
        kind === 'literal_value' ||
        kind === 'operation') &&
      children.length === 1 &&
      children[0]
    )
      current = children[0];
    else return current;
  }
}

/**
 * The value of a literal: a string without interpolation, a number or a boolean; undefined
 * for anything else (variables, references, function calls, templates).
 */
export function literalOf(node: SgNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  const kind = n.kind();
  if (kind === 'bool_lit' || kind === 'numeric_lit') return n.text();
  if (kind === 'string_lit') {
    const parts = n.namedChildren().filter((c) => c.kind() === 'template_literal');
    return parts.map((p) => p.text()).join('');
  }
  if (kind === 'unary_operation') {
    const t = n.text().replace(/\s+/g, '');
    return /^-\d+(?:\.\d+)?$/.test(t) ? t : undefined;
  }
  return undefined;
}

/** The elements of a tuple (`[a, b]`), undefined when the value is not a tuple literal. */
export function tupleItems(node: SgNode | undefined): SgNode[] | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.kind() !== 'tuple') return undefined;
  return n.namedChildren().filter((c) => c.kind() === 'expression');
}

/** The elements of a tuple, or the value itself when it is not one. */
export function listOrSingle(node: SgNode): SgNode[] {
  return tupleItems(node) ?? [node];
}

/** One `key = value` of an object literal. */
export interface ObjectEntry {
  readonly key: string | undefined;
  readonly keyNode: SgNode;
  readonly value: SgNode;
}

/** The entries of an object literal (`{ a = 1, "b" = 2 }`), undefined when not one. */
export function objectEntries(node: SgNode | undefined): ObjectEntry[] | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.kind() !== 'object') return undefined;
  const entries: ObjectEntry[] = [];
  for (const elem of n.namedChildren()) {
    if (elem.kind() !== 'object_elem') continue;
    const [keyNode, value] = elem.namedChildren();
    if (!keyNode || !value) continue;
    const k = unwrap(keyNode);
    const key =
      k.kind() === 'variable_expr' && k.namedChildren().length === 1
        ? k.text()
        : k.kind() === 'string_lit'
          ? literalOf(k)
          : undefined;
    entries.push({ key, keyNode, value });
  }
  return entries;
}

/** The value of an object entry by key. */
export function entry(node: SgNode | undefined, key: string): SgNode | undefined {
  return objectEntries(node)?.find((e) => e.key === key)?.value;
}

/** A literal list item of an attribute: its value and where it is. */
export interface LiteralItem {
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The literal items of an attribute holding a list (`["a", var.b]` gives `a` only) or a single
 * literal (`"a"`).
 */
export function literalItems(attribute: HclAttribute | undefined): LiteralItem[] {
  if (!attribute) return [];
  const out: LiteralItem[] = [];
  for (const item of listOrSingle(attribute.node)) {
    const value = literalOf(item);
    if (value !== undefined) out.push({ value, ...positionOf(unwrap(item)) });
  }
  return out;
}

/** A literal attribute's value, lower-cased and trimmed. */
export function literalLower(block: HclBlock, name: string): string | undefined {
  const a = block.attributes.get(name);
  const v = a ? literalOf(a.node) : undefined;
  return v?.trim().toLowerCase();
}

/** `resource "type" "name"` as `type.name`, for messages. */
export function address(block: HclBlock): string {
  return block.type === 'data' ? `data.${block.labels.join('.')}` : block.labels.join('.');
}
