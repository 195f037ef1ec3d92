import { defineCheck } from '../../check.js';
import { entries, positionOf, scalar } from '../../parsers/yaml-doc.js';
import {
  capitalized,
  get,
  isFirstParty,
  isMutable,
  secretsIn,
  usesSites,
} from '../gha-workflow.js';

/** A secret handed (`with:`, `env:`, `secrets:`) to a third-party action or workflow used by tag. */
export const ghaSecretToUnpinnedAction = defineCheck({
  meta: {
    id: 'gha-secret-to-unpinned-action',
    kind: 'github-actions',
    title: 'Secret passed to an action that is not pinned',
    severity: 'high',
    cwe: ['CWE-829', 'CWE-522'],
    owasp: 'A08:2021',
    description:
      'A secret is given to a third-party action or reusable workflow referenced by a tag or branch: if its owner is compromised and the tag moved (as with tj-actions/changed-files in March 2025), the new code receives the secret.',
    remediation:
      'Pin the action to a full commit SHA (`uses: owner/action@<40-hex-sha> # v2.3.1`, updated by Dependabot or Renovate), and give it the narrowest secret that works; for a reusable workflow, pass the secrets it needs instead of `secrets: inherit`.',
    references: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
      'https://www.cisa.gov/news-events/alerts/2025/03/18/supply-chain-compromise-third-party-tj-actionschanged-files-cve-2025-30066-and-reviewdogaction-setup-cve-2025-30154',
    ],
  },
  check(doc, report) {
    for (const site of usesSites(doc)) {
      const { ref } = site;
      if (!isMutable(ref) || (ref.kind === 'repo' && isFirstParty(ref.owner))) continue;
      const secrets: string[] = [];
      const holder = site.step?.node ?? site.job.node;
      for (const input of ['with', 'env', 'secrets']) {
        const node = get(doc, holder, input);
        if (input === 'secrets' && !site.step && scalar(node)?.trim() === 'inherit')
          secrets.push('every secret (`secrets: inherit`)');
        for (const [, value] of entries(node))
          for (const name of secretsIn(scalar(value) ?? ''))
            if (!secrets.includes(name)) secrets.push(name);
      }
      if (secrets.length === 0) continue;
      report({
        ...positionOf(doc, site.node),
        message: `${capitalized(site.where)} passes ${secrets.map((s) => (s.startsWith('every') ? s : `\`${s}\``)).join(', ')} to \`${site.uses}\`, which is not pinned to a commit.`,
      });
    }
  },
});
