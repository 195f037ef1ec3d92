import { parse, type SgNode } from '@ast-grep/napi';
import { registerDynamicLanguages } from '@rampart/sast/languages';

/** An attribute `name = value` of a block, with the position of its value. */
export interface HclAttribute {
  readonly name: string;
  /** The value's source text (`"public-read"`, `true`, `["0.0.0.0/0"]`). */
  readonly text: string;
  /** The value as a plain string when it is a string literal, boolean or number. */
  readonly literal: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly node: SgNode;
}

/** A block (`resource "aws_s3_bucket" "logs" { … }`), its attributes and nested blocks. */
export interface HclBlock {
  /** `resource`, `data`, `ingress`, … */
  readonly type: string;
  /** The quoted labels: `["aws_s3_bucket", "logs"]`. */
  readonly labels: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly attributes: ReadonlyMap<string, HclAttribute>;
  readonly blocks: readonly HclBlock[];
}

/** A parsed Terraform file: its top-level blocks. */
export interface TerraformDoc {
  readonly text: string;
  readonly blocks: readonly HclBlock[];
  /** Set when the file has syntax errors: the first one's line. */
  readonly errorLine: number | undefined;
}

const unquote = (text: string): string | undefined => {
  const t = text.trim();
  if (/^"(?:[^"\\$]|\\.)*"$/.test(t)) return t.slice(1, -1);
  if (/^(?:true|false|-?\d+(?:\.\d+)?)$/.test(t)) return t;
  return undefined;
};

function readBody(body: SgNode | undefined): {
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
} {
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const child of body?.namedChildren() ?? []) {
    if (child.kind() === 'attribute') {
      const [name, value] = child.namedChildren();
      if (!name || !value) continue;
      const r = value.range();
      attributes.set(name.text(), {
        name: name.text(),
        text: value.text(),
        literal: unquote(value.text()),
        line: r.start.line + 1,
        column: r.start.column + 1,
        node: value,
      });
    } else if (child.kind() === 'block') {
      blocks.push(readBlock(child));
    }
  }
  return { attributes, blocks };
}

function readBlock(node: SgNode): HclBlock {
  const children = node.namedChildren();
  const type = children[0]?.text() ?? '';
  const labels = children
    .filter((c) => c.kind() === 'string_lit' || (c.kind() === 'identifier' && c !== children[0]))
    .map((c) => c.text().replace(/^"|"$/g, ''));
  const body = children.find((c) => c.kind() === 'body');
  const r = node.range();
  return { type, labels, line: r.start.line + 1, column: r.start.column + 1, ...readBody(body) };
}

/** Parses Terraform/HCL with tree-sitter-hcl through ast-grep, keeping every position. */
export function parseTerraform(text: string): TerraformDoc {
  if (!registerDynamicLanguages().has('hcl'))
    throw new Error(`no HCL parser for ${process.platform}-${process.arch}`);
  const root = parse('hcl', text).root();
  const error = root.find({ rule: { kind: 'ERROR' } });
  const body = root.namedChildren().find((c) => c.kind() === 'body');
  return {
    text,
    blocks: readBody(body).blocks,
    errorLine: error ? error.range().start.line + 1 : undefined,
  };
}

/** The top-level blocks of a type and first label: `resources(doc, 'aws_s3_bucket')`. */
export function resources(
  doc: TerraformDoc,
  resourceType: string,
  blockType = 'resource',
): HclBlock[] {
  return doc.blocks.filter((b) => b.type === blockType && b.labels[0] === resourceType);
}
