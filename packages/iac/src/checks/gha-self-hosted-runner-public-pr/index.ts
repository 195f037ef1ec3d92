import { isMap, type Node } from 'yaml';
import type { YamlDoc } from '../../check.js';
import { defineCheck } from '../../check.js';
import { entries, items, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { get, SAME_REPO_ONLY, workflowsOf } from '../gha-workflow.js';

const PR_EVENTS = ['pull_request', 'pull_request_target'];

/** The `self-hosted` label of a `runs-on` value (a label, a list of labels, or `{ group, labels }`). */
function selfHosted(doc: YamlDoc, runsOn: Node | undefined): Node | undefined {
  const labels = isMap(runsOn) ? get(doc, runsOn, 'labels') : runsOn;
  return [labels, ...items(labels)].find(
    (n): n is Node => n !== undefined && scalar(n)?.trim().toLowerCase() === 'self-hosted',
  );
}

/** `runs-on: ${{ matrix.os }}`: the matrix values it can take (from `strategy.matrix`). */
function matrixValues(doc: YamlDoc, job: Node, runsOn: Node | undefined): Node[] {
  const m = scalar(runsOn)?.match(/^\s*\$\{\{\s*matrix\s*\.\s*([\w-]+)\s*\}\}\s*$/);
  if (!m?.[1]) return [];
  const matrix = get(doc, get(doc, job, 'strategy'), 'matrix');
  const values = items(get(doc, matrix, m[1]));
  const included = items(get(doc, matrix, 'include')).flatMap((i) =>
    entries(i).flatMap(([k, v]) => (k === m[1] && v ? [v] : [])),
  );
  return [...values, ...included];
}

/** A job of a pull-request-triggered workflow that runs on a self-hosted runner. */
export const ghaSelfHostedRunnerPublicPr = defineCheck({
  meta: {
    id: 'gha-self-hosted-runner-public-pr',
    kind: 'github-actions',
    title: 'Self-hosted runner runs pull request code',
    severity: 'medium',
    confidence: 'medium',
    cwe: ['CWE-829', 'CWE-269'],
    owasp: 'A05:2021',
    description:
      "A job triggered by pull requests runs on a self-hosted runner: on a public repository anyone can open a pull request whose code runs on that machine, which is not wiped between jobs, so it can persist, read other jobs' secrets and reach the internal network. Whether the repository is public cannot be known from the file.",
    remediation:
      'Run pull request jobs on GitHub-hosted runners (`runs-on: ubuntu-latest`), or on ephemeral, isolated self-hosted runners (`--ephemeral`, one VM per job, no network path inward), and require approval for workflows from outside collaborators.',
    references: [
      'https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security',
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#hardening-for-self-hosted-runners',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      const trigger = PR_EVENTS.find((t) => workflow.triggers.has(t));
      if (!trigger) continue;
      for (const job of workflow.jobs) {
        // A job kept to same-repository pull requests does not run forks' code.
        if (SAME_REPO_ONLY.test(scalar(get(doc, job.node, 'if')) ?? '')) continue;
        const runsOn = get(doc, job.node, 'runs-on');
        const hit =
          selfHosted(doc, runsOn) ??
          matrixValues(doc, job.node, runsOn)
            .map((v) => selfHosted(doc, v))
            .find((n) => n !== undefined);
        if (!hit) continue;
        report({
          ...positionOf(doc, hit),
          message: `Job \`${job.id}\` runs on a self-hosted runner in a workflow triggered by \`${trigger}\`: on a public repository, anyone's pull request runs there.`,
        });
      }
    }
  },
});
