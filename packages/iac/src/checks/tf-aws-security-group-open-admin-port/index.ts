import type { SgNode } from '@ast-grep/napi';
import { defineCheck } from '../../check.js';
import { type HclBlock, resources, type TerraformDoc } from '../../parsers/terraform.js';
import {
  address,
  entry,
  listOrSingle,
  literalOf,
  positionOf,
  tupleItems,
  unwrap,
} from '../tf-hcl.js';
import { exposedPorts, isWorldCidr, portNumber } from '../tf-ports.js';

/** One ingress rule, whatever its form: a block, an object of `ingress = [...]`, a resource. */
interface Rule {
  readonly where: string;
  readonly get: (name: string) => SgNode | undefined;
  readonly cidrFields: readonly string[];
  readonly protocolField: string;
}

const fromBlock = (block: HclBlock) => (name: string) => block.attributes.get(name)?.node;

/** What the rule exposes (`all ports`, `port 22 (SSH)`), undefined when nothing sensitive. */
function exposure(rule: Rule): string | undefined {
  const protocol = literalOf(rule.get(rule.protocolField))?.trim().toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'all ports and protocols';
  if (protocol !== 'tcp' && protocol !== '6') return undefined;
  const from = portNumber(literalOf(rule.get('from_port')));
  const to = portNumber(literalOf(rule.get('to_port')));
  if (from === undefined || to === undefined) return undefined;
  return exposedPorts(from, to);
}

/** The `0.0.0.0/0` / `::/0` items of the rule's CIDR fields, in source order. */
function worldCidrs(rule: Rule): { value: string; node: SgNode }[] {
  return rule.cidrFields
    .flatMap((field) => {
      const value = rule.get(field);
      return value ? listOrSingle(value) : [];
    })
    .map((node) => ({ value: literalOf(node), node: unwrap(node) }))
    .filter((c): c is { value: string; node: SgNode } => c.value !== undefined)
    .filter((c) => isWorldCidr(c.value))
    .sort((a, b) => a.node.range().start.index - b.node.range().start.index);
}

function* rulesOf(doc: TerraformDoc): Generator<Rule> {
  const cidrFields = ['cidr_blocks', 'ipv6_cidr_blocks'];
  const blocks = [
    ...resources(doc, 'aws_security_group'),
    ...resources(doc, 'aws_security_group_rule'),
    ...resources(doc, 'aws_vpc_security_group_ingress_rule'),
  ].sort((a, b) => a.line - b.line);
  for (const block of blocks) {
    const kind = block.labels[0];
    const where = `\`${address(block)}\``;
    if (kind === 'aws_security_group') {
      for (const ingress of block.blocks.filter((b) => b.type === 'ingress'))
        yield { where, get: fromBlock(ingress), cidrFields, protocolField: 'protocol' };
      // The attributes-as-blocks form: `ingress = [{ from_port = 22, … }]`.
      for (const item of tupleItems(block.attributes.get('ingress')?.node) ?? [])
        yield {
          where,
          get: (name: string) => entry(item, name),
          cidrFields,
          protocolField: 'protocol',
        };
    } else if (kind === 'aws_security_group_rule') {
      if (literalOf(block.attributes.get('type')?.node) === 'ingress')
        yield { where, get: fromBlock(block), cidrFields, protocolField: 'protocol' };
    } else {
      yield {
        where,
        get: fromBlock(block),
        cidrFields: ['cidr_ipv4', 'cidr_ipv6'],
        protocolField: 'ip_protocol',
      };
    }
  }
}

/** A security group ingress rule open to the internet on an admin/database port or on all. */
export const tfAwsSecurityGroupOpenAdminPort = defineCheck({
  meta: {
    id: 'tf-aws-security-group-open-admin-port',
    kind: 'terraform',
    title: 'Security group opens an admin or database port to the internet',
    severity: 'high',
    cwe: ['CWE-284'],
    owasp: 'A05:2021',
    description:
      'An ingress rule allows 0.0.0.0/0 or ::/0 to SSH, RDP, a database port or every port: these ports are scanned and brute-forced continuously, and one weak password or unpatched service is a breach.',
    remediation:
      'Allow only known sources: `cidr_blocks = ["10.0.0.0/16"]` or `security_groups = [aws_security_group.bastion.id]`; reach instances through SSM Session Manager, a VPN or a bastion instead of opening 22/3389, and keep databases in private subnets.',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group',
    ],
  },
  check(doc, report) {
    for (const rule of rulesOf(doc)) {
      const open = worldCidrs(rule);
      const first = open[0];
      if (!first) continue;
      const exposed = exposure(rule);
      if (!exposed) continue;
      const sources = [...new Set(open.map((c) => c.value))].join(' and ');
      report({
        ...positionOf(first.node),
        message: `${rule.where} allows ingress from ${sources} to ${exposed}.`,
      });
    }
  },
});
