import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import { isFirstParty, isMutable, usesSites } from '../gha-workflow.js';

/** A third-party action, reusable workflow or `docker://` image used by tag or branch. */
export const ghaUnpinnedAction = defineCheck({
  meta: {
    id: 'gha-unpinned-action',
    kind: 'github-actions',
    title: 'Third-party action not pinned to a commit',
    severity: 'medium',
    cwe: ['CWE-829'],
    owasp: 'A08:2021',
    description:
      'A third-party action is referenced by tag or branch: whoever controls its repository (its maintainer, or an attacker who compromises them, as with tj-actions/changed-files in 2025) can move the tag and run new code in this workflow, with its token and secrets.',
    remediation:
      'Pin the full commit SHA and keep the version as a comment, then let Dependabot or Renovate update it: `uses: owner/action@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v4.1.0`; pin `docker://` images by `@sha256:` digest.',
    references: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions',
      'https://docs.github.com/en/code-security/dependabot/working-with-dependabot/keeping-your-actions-up-to-date-with-dependabot',
    ],
  },
  check(doc, report) {
    for (const site of usesSites(doc)) {
      const { ref } = site;
      if (!isMutable(ref) || (ref.kind === 'repo' && isFirstParty(ref.owner))) continue;
      report({
        ...positionOf(doc, site.node),
        message:
          ref.kind === 'repo'
            ? `\`${site.uses}\` (${site.where}) is taken at \`${ref.ref}\`, a tag or branch its owner can move, not a commit SHA.`
            : `\`${site.uses}\` (${site.where}) is an image taken by tag, not by digest.`,
      });
    }
  },
});
