import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import { isFirstParty, isMutable, usesSites } from '../gha-workflow.js';

/** A GitHub-published action (`actions/*`, `github/*`) used by tag or branch. */
export const ghaUnpinnedFirstPartyAction = defineCheck({
  meta: {
    id: 'gha-unpinned-first-party-action',
    kind: 'github-actions',
    title: 'GitHub action not pinned to a commit',
    severity: 'low',
    cwe: ['CWE-829'],
    owasp: 'A08:2021',
    description:
      'An action published by GitHub (`actions/*`, `github/*`) is referenced by tag or branch: the risk is lower than for a third-party action, but the tag can still be moved, so the code that runs is not the code that was reviewed.',
    remediation:
      'Pin the full commit SHA with the version as a comment and let Dependabot or Renovate update it: `uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2`.',
    references: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
    ],
  },
  check(doc, report) {
    for (const site of usesSites(doc)) {
      const { ref } = site;
      if (ref.kind !== 'repo' || !isFirstParty(ref.owner) || !isMutable(ref)) continue;
      report({
        ...positionOf(doc, site.node),
        message: `\`${site.uses}\` (${site.where}) is taken at \`${ref.ref}\`, a tag or branch, not a commit SHA.`,
      });
    }
  },
});
