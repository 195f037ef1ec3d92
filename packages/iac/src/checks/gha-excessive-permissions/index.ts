import { defineCheck } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import { capitalized, get, workflowsOf } from '../gha-workflow.js';

/** `permissions: write-all`, for the whole workflow or for a job. */
export const ghaExcessivePermissions = defineCheck({
  meta: {
    id: 'gha-excessive-permissions',
    kind: 'github-actions',
    title: 'Workflow token has write-all permissions',
    severity: 'medium',
    cwe: ['CWE-250', 'CWE-732'],
    owasp: 'A01:2021',
    description:
      '`permissions: write-all` gives the GITHUB_TOKEN write access to every scope (contents, packages, pull requests, issues, actions, …): any step that is compromised or injected can push code, publish a release or tamper with other workflows.',
    remediation:
      'Grant only what the jobs need, read-only by default: `permissions: { contents: read }` at the top of the workflow, and e.g. `permissions: { contents: write }` on the one job that pushes a tag.',
    references: [
      'https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token',
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      const scopes = [
        { node: get(doc, workflow.root, 'permissions'), where: 'the workflow' },
        ...workflow.jobs.map((job) => ({
          node: get(doc, job.node, 'permissions'),
          where: `job \`${job.id}\``,
        })),
      ];
      for (const { node, where } of scopes) {
        if (scalar(node)?.trim() !== 'write-all') continue;
        report({
          ...positionOf(doc, node),
          message: `${capitalized(where)} grants the GITHUB_TOKEN \`write-all\`: write access to every scope.`,
        });
      }
    }
  },
});
