import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import { get, workflowsOf } from '../gha-workflow.js';

/** No `permissions:` for the workflow, and jobs without their own: the token gets the defaults. */
export const ghaDefaultPermissions = defineCheck({
  meta: {
    id: 'gha-default-permissions',
    kind: 'github-actions',
    title: 'Workflow token permissions not set',
    severity: 'low',
    confidence: 'medium',
    cwe: ['CWE-250'],
    owasp: 'A01:2021',
    description:
      "Without a `permissions:` block the GITHUB_TOKEN gets the repository's default permissions, which are read/write on every scope for repositories and organizations created before February 2023 (unless changed in their settings): a compromised step can push code or releases. Whether the default is read-only cannot be known from the file.",
    remediation:
      'Declare the least the workflow needs at its top, and widen it only on the jobs that need more: `permissions: { contents: read }`.',
    references: [
      'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
      'https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/enabling-features-for-your-repository/managing-github-actions-settings-for-a-repository#setting-the-permissions-of-the-github_token-for-your-repository',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      if (get(doc, workflow.root, 'permissions') !== undefined) continue;
      const bare = workflow.jobs.filter((job) => get(doc, job.node, 'permissions') === undefined);
      const first = bare[0];
      if (!first) continue;
      const names = bare.map((job) => `\`${job.id}\``).join(', ');
      report({
        ...positionOf(doc, first.keyNode),
        message: `The workflow sets no \`permissions:\`, nor ${bare.length > 1 ? `do jobs ${names}` : `does job ${names}`}: ${bare.length > 1 ? 'they run' : 'it runs'} with the repository's default GITHUB_TOKEN permissions (read/write on older repositories).`,
      });
    }
  },
});
