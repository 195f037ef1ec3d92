import type { Node } from 'yaml';
import { defineCheck } from '../../check.js';
import { entries, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { get, nthMatchPosition, stepLabel, workflowsOf } from '../gha-workflow.js';

const VARIABLE = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';
/** Set through `$GITHUB_ENV` by a script: `echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV`. */
const IN_SCRIPT = /ACTIONS_ALLOW_UNSECURE_COMMANDS=["']?(?:true|1)\b/gi;

/** The runner's `::set-env` and `::add-path` commands switched back on. */
export const ghaUnsecureCommands = defineCheck({
  meta: {
    id: 'gha-unsecure-commands',
    kind: 'github-actions',
    title: 'Deprecated unsecure workflow commands enabled',
    severity: 'high',
    cwe: ['CWE-77', 'CWE-94'],
    owasp: 'A03:2021',
    description:
      '`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables the `::set-env` and `::add-path` log commands, disabled since 2020 (CVE-2020-15228): any step that prints attacker-controlled text (an issue title, a file from a pull request) can then set `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` and run code in the steps that follow.',
    remediation:
      'Remove `ACTIONS_ALLOW_UNSECURE_COMMANDS` and update the actions that need it; set variables with `echo "NAME=value" >> "$GITHUB_ENV"` and paths with `echo "$DIR" >> "$GITHUB_PATH"`.',
    references: [
      'https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/',
      'https://github.com/advisories/GHSA-mfwh-5m23-j46w',
    ],
  },
  check(doc, report) {
    const inEnv = (env: Node | undefined, where: string) => {
      for (const [name, value, key] of entries(env)) {
        if (name !== VARIABLE) continue;
        const text = scalar(value)?.trim().toLowerCase();
        if (text !== 'true' && text !== '1') continue;
        report({ ...positionOf(doc, key), message: `${VARIABLE} is set to true for ${where}.` });
      }
    };
    for (const workflow of workflowsOf(doc)) {
      inEnv(get(doc, workflow.root, 'env'), 'the whole workflow');
      for (const job of workflow.jobs) {
        inEnv(get(doc, job.node, 'env'), `job \`${job.id}\``);
        for (const step of job.steps) {
          inEnv(step.env, stepLabel(doc, job, step));
          const script = scalar(step.run);
          if (!step.run || !script) continue;
          const count = [...script.matchAll(IN_SCRIPT)].length;
          for (let n = 0; n < count; n++)
            report({
              ...nthMatchPosition(doc, step.run, IN_SCRIPT, n),
              message: `A script sets ${VARIABLE} for the steps of job \`${job.id}\` that follow.`,
            });
        }
      }
    }
  },
});
