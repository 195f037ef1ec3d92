import { defineCheck } from '../../check.js';
import { type HclBlock, resources } from '../../parsers/terraform.js';
import { address, literalItems, literalLower } from '../tf-hcl.js';
import { exposedPorts, isWorldCidr, portNumber } from '../tf-ports.js';

/** What an `allow` block exposes (`all ports`, `port 22 (SSH)`), undefined when nothing sensitive. */
function exposure(allow: HclBlock): string | undefined {
  const protocol = literalLower(allow, 'protocol');
  if (protocol === 'all') return 'all protocols and ports';
  if (protocol !== 'tcp' && protocol !== '6') return undefined;
  const ports = allow.attributes.get('ports');
  if (!ports) return 'all TCP ports';
  const found: string[] = [];
  for (const item of literalItems(ports)) {
    const [from, to = from] = item.value.trim().split('-');
    const low = portNumber(from);
    const high = portNumber(to);
    if (low === undefined || high === undefined) continue;
    const exposed = exposedPorts(low, high);
    if (exposed === 'all ports') return 'all TCP ports';
    if (exposed) found.push(exposed);
  }
  return found.length > 0 ? found.join(', ') : undefined;
}

/** A VPC firewall rule allowing the internet in to admin/database ports or to everything. */
export const tfGcpFirewallOpen = defineCheck({
  meta: {
    id: 'tf-gcp-firewall-open',
    kind: 'terraform',
    title: 'GCP firewall opens an admin or database port to the internet',
    severity: 'high',
    cwe: ['CWE-284'],
    owasp: 'A05:2021',
    description:
      'An ingress firewall rule allows 0.0.0.0/0 to SSH, RDP, a database port or every port: these ports are scanned and brute-forced continuously, and one weak credential or unpatched service is a breach.',
    remediation:
      'Restrict `source_ranges` to known networks, or use Identity-Aware Proxy TCP forwarding for SSH/RDP: `source_ranges = ["35.235.240.0/20"]` (the IAP range) with `target_tags = ["ssh"]`; keep databases on private IPs.',
    references: [
      'https://cloud.google.com/firewall/docs/firewalls',
      'https://cloud.google.com/iap/docs/using-tcp-forwarding',
      'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall',
    ],
  },
  check(doc, report) {
    for (const block of resources(doc, 'google_compute_firewall')) {
      const direction = block.attributes.has('direction')
        ? literalLower(block, 'direction')
        : 'ingress';
      if (direction !== 'ingress') continue;
      if (literalLower(block, 'disabled') === 'true') continue;
      const open = literalItems(block.attributes.get('source_ranges')).filter((r) =>
        isWorldCidr(r.value),
      );
      const first = open[0];
      if (!first) continue;
      const exposures = block.blocks
        .filter((b) => b.type === 'allow')
        .map(exposure)
        .filter((e) => e !== undefined);
      if (exposures.length === 0) continue;
      const all = exposures.find((e) => e.startsWith('all '));
      const sources = [...new Set(open.map((r) => r.value.trim()))].join(' and ');
      report({
        line: first.line,
        column: first.column,
        message: `\`${address(block)}\` allows ingress from ${sources} to ${all ?? exposures.join(', ')}.`,
      });
    }
  },
});
