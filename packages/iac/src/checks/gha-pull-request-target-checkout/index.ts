import { defineCheck } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import { get, SAME_REPO_ONLY, stepLabel, usesAction, workflowsOf } from '../gha-workflow.js';

/** What in a checkout's `ref`/`repository` names the pull request's (the fork's) code. */
const PR_HEAD =
  /github\s*\.\s*(?:event\s*\.\s*pull_request\s*\.\s*(?:head\s*\.\s*(?:sha|ref|repo\s*\.\s*full_name)|merge_commit_sha)|head_ref|event\s*\.\s*workflow_run\s*\.\s*(?:head_sha|head_branch|head_repository\s*\.\s*full_name))|refs\/pull\//i;

/** The events that run with the base repository's secrets and a write token, whoever triggers them. */
const PRIVILEGED = ['pull_request_target', 'workflow_run'];

/** A `pull_request_target`/`workflow_run` workflow that checks out the pull request's code. */
export const ghaPullRequestTargetCheckout = defineCheck({
  meta: {
    id: 'gha-pull-request-target-checkout',
    kind: 'github-actions',
    title: 'Privileged workflow checks out pull request code',
    severity: 'critical',
    confidence: 'medium',
    cwe: ['CWE-829', 'CWE-94'],
    owasp: 'A08:2021',
    description:
      '`pull_request_target` and `workflow_run` run in the base repository with its secrets and a write token, even for a pull request from a fork; checking out the pull request\'s head and then building, installing or testing it runs the attacker\'s code with those privileges ("pwn request").',
    remediation:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      'Build and test untrusted code under `on: pull_request` (no secrets, read-only token); if a privileged step is needed, split it into a `workflow_run` workflow that only consumes artifacts as data and never checks out or executes the pull request code. Do not set `ref: ${{ github.event.pull_request.head.sha }}` under `pull_request_target`.',
    references: [
      'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
      'https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      const trigger = PRIVILEGED.find((t) => workflow.triggers.has(t));
      if (!trigger) continue;
      for (const job of workflow.jobs) {
        if (SAME_REPO_ONLY.test(scalar(get(doc, job.node, 'if')) ?? '')) continue;
        for (const step of job.steps) {
          if (!usesAction(step, 'actions/checkout')) continue;
          if (SAME_REPO_ONLY.test(scalar(get(doc, step.node, 'if')) ?? '')) continue;
          for (const input of ['ref', 'repository']) {
            const node = get(doc, step.with, input);
            const value = scalar(node);
            if (!value || !PR_HEAD.test(value)) continue;
            report({
              ...positionOf(doc, node),
              message: `Under \`${trigger}\`, ${stepLabel(doc, job, step)} checks out the pull request's code (\`${input}: ${value.trim()}\`): anything that then builds or runs it executes attacker code with the repository's secrets and write token.`,
            });
            break;
          }
        }
      }
    }
  },
});
