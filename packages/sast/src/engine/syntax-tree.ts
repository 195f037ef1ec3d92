import type { SgNode } from '@ast-grep/napi';

/**
 * A plain JavaScript copy of the named nodes of a tree-sitter tree, with the field names
 * the taint engine needs. Walking native nodes costs a call across the N-API boundary per
 * step; the taint engine walks a file once per taint rule, so it walks this copy instead.
 */
export interface TreeNode {
  readonly kind: string;
  /** UTF-16 offsets, as the evaluator's matches. */
  readonly start: number;
  readonly end: number;
  readonly children: TreeNode[];
  /** The field this node fills in its parent (`left`, `value`, `body`…), when it has one. */
  field: string | undefined;
  parent: TreeNode | undefined;
}

/** The fields read, per node kind (JavaScript/TypeScript and Python grammars). */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  variable_declarator: ['name', 'value'],
  assignment_expression: ['left', 'right'],
  augmented_assignment_expression: ['left', 'right'],
  call_expression: ['function', 'arguments'],
  new_expression: ['constructor', 'arguments'],
  member_expression: ['object', 'property'],
  subscript_expression: ['object', 'index'],
  function_declaration: ['name', 'parameters', 'body'],
  generator_function_declaration: ['name', 'parameters', 'body'],
  function_expression: ['name', 'parameters', 'body'],
  function: ['name', 'parameters', 'body'],
  arrow_function: ['parameter', 'parameters', 'body'],
  method_definition: ['name', 'parameters', 'body'],
  for_in_statement: ['left', 'right', 'body'],
  pair: ['key', 'value'],
  pair_pattern: ['key', 'value'],
  required_parameter: ['pattern', 'value'],
  optional_parameter: ['pattern', 'value'],
  assignment_pattern: ['left', 'right'],
  // Python
  assignment: ['left', 'right'],
  augmented_assignment: ['left', 'right'],
  call: ['function', 'arguments'],
  attribute: ['object', 'attribute'],
  subscript: ['value', 'subscript'],
  function_definition: ['name', 'parameters', 'body'],
  lambda: ['parameters', 'body'],
  for_statement: ['left', 'right', 'body'],
  keyword_argument: ['name', 'value'],
  default_parameter: ['name', 'value'],
  typed_default_parameter: ['name', 'value'],
};

/** Copies the named nodes under `root` (iteratively: minified files nest deeply). */
export function copyTree(root: SgNode): TreeNode {
  const make = (node: SgNode, parent: TreeNode | undefined): TreeNode => {
    const r = node.range();
    return {
      kind: node.kind() as string,
      start: r.start.index,
      end: r.end.index,
      children: [],
      field: undefined,
      parent,
    };
  };
  const top = make(root, undefined);
  const stack: [SgNode, TreeNode][] = [[root, top]];
  while (stack.length > 0) {
    const [node, copy] = stack.pop() as [SgNode, TreeNode];
    const fields = FIELDS[copy.kind];
    const fieldOf = new Map<number, string>();
    if (fields) {
      for (const name of fields) {
        const child = node.field(name as never) as SgNode | null;
        if (child) fieldOf.set(child.id(), name);
      }
    }
    for (const child of node.namedChildren()) {
      const c = make(child, copy);
      if (fields) c.field = fieldOf.get(child.id());
      copy.children.push(c);
      stack.push([child, c]);
    }
  }
  return top;
}

/** The child filling `field`, if any. */
export function fieldOf(node: TreeNode, field: string): TreeNode | undefined {
  return node.children.find((c) => c.field === field);
}
