import type { SgNode } from '@ast-grep/napi';
import { defineCheck } from '../../check.js';
import type { HclBlock, TerraformDoc } from '../../parsers/terraform.js';
import {
  address,
  entry,
  listOrSingle,
  literalItems,
  literalOf,
  positionOf,
  unwrap,
} from '../tf-hcl.js';

/** Actions that grant every action of every service. */
const isWildcardAction = (action: string): boolean => action === '*' || action === '*:*';

interface Found {
  readonly line: number;
  readonly column: number;
  readonly action: string;
}

/** `jsonencode({ Statement = [...] })`: the statements' wildcard actions, positioned in HCL. */
function fromHclObject(policy: SgNode): Found[] {
  const found: Found[] = [];
  const statements = entry(policy, 'Statement');
  if (!statements) return found;
  for (const statement of listOrSingle(statements)) {
    if (literalOf(entry(statement, 'Effect')) !== 'Allow') continue;
    const resource = entry(statement, 'Resource');
    if (!resource || !listOrSingle(resource).some((r) => literalOf(r) === '*')) continue;
    const action = entry(statement, 'Action');
    const wildcard = action
      ? listOrSingle(action).find((a) => {
          const v = literalOf(a);
          return v !== undefined && isWildcardAction(v);
        })
      : undefined;
    if (wildcard)
      found.push({ ...positionOf(unwrap(wildcard)), action: literalOf(wildcard) ?? '*' });
  }
  return found;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** A policy written as JSON in a heredoc: its wildcard statements, positioned in the file. */
function fromJsonHeredoc(heredoc: SgNode): Found[] {
  const children = heredoc.namedChildren();
  if (children.some((c) => c.kind() === 'template_directive')) return [];
  const interpolations = children.filter((c) => c.kind() === 'template_interpolation');
  if (interpolations.some((i) => i.text().includes('\n'))) return [];
  const text = heredoc.text();
  const firstNewline = text.indexOf('\n');
  const lastNewline = text.lastIndexOf('\n');
  if (firstNewline < 0 || lastNewline <= firstNewline) return [];
  let body = text.slice(firstNewline + 1, lastNewline);
  for (const i of interpolations) body = body.replace(i.text(), '__tf_interpolation__');
  let policy: unknown;
  try {
    policy = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof policy !== 'object' || policy === null) return [];
  const statements = asList((policy as Record<string, unknown>).Statement);
  // The n-th statement with an "Action" key is the n-th `"Action":` in the text.
  const actionKeys = [...body.matchAll(/"Action"\s*:/g)];
  const startLine = heredoc.range().start.line + 2;
  const found: Found[] = [];
  let nth = -1;
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || !('Action' in s)) continue;
    nth += 1;
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' || !asList(st.Resource).includes('*')) continue;
    const action = asList(st.Action).find((a) => typeof a === 'string' && isWildcardAction(a));
    const key = actionKeys[nth];
    if (typeof action !== 'string' || key?.index === undefined) continue;
    // The first `"*"` / `"*:*"` after the key is the wildcard item of this Action.
    const rest = body.slice(key.index);
    const star = rest.search(/"\*(?::\*)?"/);
    const offset = key.index + Math.max(star, 0);
    const before = body.slice(0, offset);
    const line = startLine + (before.match(/\n/g)?.length ?? 0);
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    found.push({ line, column, action });
  }
  return found;
}

/** The wildcard statements of a `policy = …` attribute value. */
function fromPolicyValue(value: SgNode): Found[] {
  const n = unwrap(value);
  if (n.kind() === 'function_call') {
    const [name, args] = n.namedChildren();
    if (name?.text() !== 'jsonencode' || !args) return [];
    const object = args.namedChildren()[0];
    return object ? fromHclObject(object) : [];
  }
  if (n.kind() === 'template_expr') {
    const heredoc = n.namedChildren().find((c) => c.kind() === 'heredoc_template');
    return heredoc ? fromJsonHeredoc(heredoc) : [];
  }
  return [];
}

/** `statement` blocks of an aws_iam_policy_document data source. */
function fromPolicyDocument(block: HclBlock): Found[] {
  const found: Found[] = [];
  for (const statement of block.blocks.filter((b) => b.type === 'statement')) {
    const effect = statement.attributes.get('effect');
    // `effect` defaults to Allow; a non-literal one is not guessed.
    if (effect && literalOf(effect.node) !== 'Allow') continue;
    if (!literalItems(statement.attributes.get('resources')).some((r) => r.value === '*')) continue;
    const wildcard = literalItems(statement.attributes.get('actions')).find((a) =>
      isWildcardAction(a.value),
    );
    if (wildcard)
      found.push({ line: wildcard.line, column: wildcard.column, action: wildcard.value });
  }
  return found;
}

const POLICY_RESOURCES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];

function policies(doc: TerraformDoc): { block: HclBlock; found: Found[] }[] {
  const out: { block: HclBlock; found: Found[] }[] = [];
  for (const block of doc.blocks) {
    const [kind] = block.labels;
    if (block.type === 'data' && kind === 'aws_iam_policy_document') {
      out.push({ block, found: fromPolicyDocument(block) });
    } else if (block.type === 'resource' && kind && POLICY_RESOURCES.includes(kind)) {
      const policy = block.attributes.get('policy');
      out.push({ block, found: policy ? fromPolicyValue(policy.node) : [] });
    } else if (block.type === 'resource' && kind === 'aws_iam_role') {
      const found = block.blocks
        .filter((b) => b.type === 'inline_policy')
        .flatMap((b) => {
          const policy = b.attributes.get('policy');
          return policy ? fromPolicyValue(policy.node) : [];
        });
      out.push({ block, found });
    }
  }
  return out;
}

/** An IAM policy statement allowing every action on every resource. */
export const tfAwsIamWildcardPolicy = defineCheck({
  meta: {
    id: 'tf-aws-iam-wildcard-policy',
    kind: 'terraform',
    title: 'IAM policy allows every action on every resource',
    severity: 'high',
    cwe: ['CWE-269'],
    owasp: 'A01:2021',
    description:
      'A statement with Effect Allow, Action "*" and Resource "*" is full administrator access: whoever gets the role, user or its credentials controls the whole account.',
    remediation:
      'Grant only the actions and resources the principal needs, e.g. `statement { actions = ["s3:GetObject"] resources = ["arn:aws:s3:::acme-data/*"] }`; start from AWS managed job-function policies or IAM Access Analyzer policy generation, and keep administrator access to break-glass roles.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document',
    ],
  },
  check(doc, report) {
    for (const { block, found } of policies(doc))
      for (const f of found)
        report({
          line: f.line,
          column: f.column,
          message: `\`${address(block)}\` allows every action (\`${f.action}\`) on every resource (\`*\`): full administrator access.`,
        });
  },
});
