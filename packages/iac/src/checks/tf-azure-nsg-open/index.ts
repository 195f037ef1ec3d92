import type { SgNode } from '@ast-grep/napi';
import { defineCheck } from '../../check.js';
import { type HclBlock, resources } from '../../parsers/terraform.js';
import {
  address,
  entry,
  type LiteralItem,
  listOrSingle,
  literalOf,
  positionOf,
  tupleItems,
  unwrap,
} from '../tf-hcl.js';
import { exposedPorts, portNumber } from '../tf-ports.js';

const ANY_SOURCE = new Set(['*', '0.0.0.0/0', '0.0.0.0', '::/0', 'internet', 'any']);

/** A security rule, as a block / resource or an object of `security_rule = [...]`. */
type Get = (name: string) => SgNode | undefined;

const items = (get: Get, name: string): LiteralItem[] => {
  const node = get(name);
  if (!node) return [];
  return listOrSingle(node).flatMap((item) => {
    const value = literalOf(item);
    return value === undefined ? [] : [{ value, ...positionOf(unwrap(item)) }];
  });
};

const lower = (get: Get, name: string): string | undefined =>
  literalOf(get(name))?.trim().toLowerCase();

/** What the rule's destination ports expose, undefined when nothing sensitive. */
function exposure(get: Get): string | undefined {
  const protocol = lower(get, 'protocol');
  if (protocol !== 'tcp' && protocol !== '*') return undefined;
  const found: string[] = [];
  for (const item of [
    ...items(get, 'destination_port_range'),
    ...items(get, 'destination_port_ranges'),
  ]) {
    const v = item.value.trim();
    if (v === '*') return 'all ports';
    const [from, to = from] = v.split('-');
    const low = portNumber(from);
    const high = portNumber(to);
    if (low === undefined || high === undefined) continue;
    const exposed = exposedPorts(low, high);
    if (exposed === 'all ports') return exposed;
    if (exposed) found.push(exposed);
  }
  return found.length > 0 ? found.join(', ') : undefined;
}

function checkRule(
  get: Get,
  where: string,
  report: (found: { line: number; column: number; message: string }) => void,
): void {
  if (lower(get, 'direction') !== 'inbound' || lower(get, 'access') !== 'allow') return;
  const source = [
    ...items(get, 'source_address_prefix'),
    ...items(get, 'source_address_prefixes'),
  ].find((s) => ANY_SOURCE.has(s.value.trim().toLowerCase()));
  if (!source) return;
  const exposed = exposure(get);
  if (!exposed) return;
  report({
    line: source.line,
    column: source.column,
    message: `${where} allows inbound traffic from \`${source.value}\` to ${exposed}.`,
  });
}

const fromBlock =
  (block: HclBlock): Get =>
  (name) =>
    block.attributes.get(name)?.node;

/** An NSG rule allowing the internet in to admin/database ports or to every port. */
export const tfAzureNsgOpen = defineCheck({
  meta: {
    id: 'tf-azure-nsg-open',
    kind: 'terraform',
    title: 'Network security group opens an admin or database port to the internet',
    severity: 'high',
    cwe: ['CWE-284'],
    owasp: 'A05:2021',
    description:
      'An inbound Allow rule from any source (`*`, `0.0.0.0/0`, `Internet`) reaches SSH, RDP, a database port or every port: these ports are scanned and brute-forced continuously, and one weak credential or unpatched service is a breach.',
    remediation:
      'Restrict `source_address_prefix` to known networks (`10.0.0.0/16`, a service tag such as `VirtualNetwork`), and reach VMs through Azure Bastion or just-in-time VM access instead of opening 22/3389.',
    references: [
      'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview',
      'https://learn.microsoft.com/azure/bastion/bastion-overview',
      'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule',
    ],
  },
  check(doc, report) {
    const blocks = [
      ...resources(doc, 'azurerm_network_security_group'),
      ...resources(doc, 'azurerm_network_security_rule'),
    ].sort((a, b) => a.line - b.line);
    for (const block of blocks) {
      if (block.labels[0] === 'azurerm_network_security_rule') {
        checkRule(fromBlock(block), `\`${address(block)}\``, report);
        continue;
      }
      for (const rule of block.blocks.filter((b) => b.type === 'security_rule')) {
        const name = literalOf(rule.attributes.get('name')?.node);
        const where = `\`${address(block)}\`${name ? ` rule \`${name}\`` : ''}`;
        checkRule(fromBlock(rule), where, report);
      }
      // The attributes-as-blocks form: `security_rule = [{ … }]`.
      for (const item of tupleItems(block.attributes.get('security_rule')?.node) ?? []) {
        const name = literalOf(entry(item, 'name'));
        const where = `\`${address(block)}\`${name ? ` rule \`${name}\`` : ''}`;
        checkRule((n) => entry(item, n), where, report);
      }
    }
  },
});
