import type { Node } from 'yaml';
import { defineCheck, type YamlDoc } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import {
  capitalized,
  get,
  isCommitSha,
  parseUses,
  stepLabel,
  usesAction,
  type WorkflowStep,
  workflowsOf,
} from '../gha-workflow.js';

/** A path that is the workspace itself: `.`, `./`, `${{ github.workspace }}`, `$GITHUB_WORKSPACE`. */
function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\$\{\{\s*github\s*\.\s*workspace\s*\}\}|\$\{?GITHUB_WORKSPACE\}?/gi, '.')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}

/**
 * Whether an `actions/upload-artifact` step includes hidden files (and so `.git/`): always up
 * to v4.3, and from v4.4 only with `include-hidden-files: true`. A commit SHA tells no version
 * unless the usual `# v4.3.1` comment follows it; such a step is taken as recent (not reported).
 */
function includesHidden(doc: YamlDoc, step: WorkflowStep): boolean {
  if (
    scalar(get(doc, step.with, 'include-hidden-files'))
      ?.trim()
      .toLowerCase() === 'true'
  )
    return true;
  const ref = step.uses ? parseUses(step.uses) : undefined;
  if (ref?.kind !== 'repo' || ref.ref === undefined) return false;
  const comment = (step.usesNode as { comment?: string } | undefined)?.comment ?? '';
  const version = isCommitSha(ref.ref) ? comment.trim().match(/^v?\d[\w.-]*/)?.[0] : ref.ref;
  const m = version?.match(/^v?(\d+)(?:\.(\d+))?/);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? undefined : Number(m[2]);
  return major < 4 || (major === 4 && minor !== undefined && minor < 4);
}

/** A checkout that leaves its token in `.git/config`, then an artifact of the checked-out tree. */
export const ghaPersistCredentialsWithArtifacts = defineCheck({
  meta: {
    id: 'gha-persist-credentials-with-artifacts',
    kind: 'github-actions',
    title: 'Checkout token uploaded in an artifact',
    severity: 'medium',
    cwe: ['CWE-522', 'CWE-538'],
    owasp: 'A02:2021',
    description:
      '`actions/checkout` keeps the GITHUB_TOKEN in `.git/config` unless `persist-credentials: false`, and a later `actions/upload-artifact` of the checked-out directory, hidden files included, publishes it: anyone who can download the artifact (everyone, on a public repository) gets the token while the job runs ("ArtiPACKED").',
    remediation:
      'Set `with: { persist-credentials: false }` on the checkout, and upload only the build output (`path: dist/`), not the workspace; keep `include-hidden-files` off (the default since upload-artifact v4.4).',
    references: [
      'https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/',
      'https://github.com/actions/checkout#usage',
      'https://github.com/actions/upload-artifact#uploading-hidden-files',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      for (const job of workflow.jobs) {
        /** Checked-out directories (relative to the workspace, '' for the workspace) with a stored token. */
        const checkouts: { dir: string; step: WorkflowStep }[] = [];
        for (const step of job.steps) {
          if (usesAction(step, 'actions/checkout')) {
            const persist = scalar(get(doc, step.with, 'persist-credentials'));
            if (persist?.trim().toLowerCase() !== 'false')
              checkouts.push({
                dir: normalizePath(scalar(get(doc, step.with, 'path')) ?? ''),
                step,
              });
            continue;
          }
          if (!usesAction(step, 'actions/upload-artifact') || checkouts.length === 0) continue;
          if (!includesHidden(doc, step)) continue;
          const pathNode = get(doc, step.with, 'path');
          const lines = (scalar(pathNode) ?? '').split('\n');
          const leaked = lines
            .filter((l) => l.trim() !== '' && !l.trim().startsWith('!'))
            .map(normalizePath)
            .flatMap((p) => checkouts.filter((c) => p === '' || p === c.dir));
          const checkout = leaked[0];
          if (!checkout || !pathNode) continue;
          report({
            ...positionOf(doc, pathNode as Node),
            message: `${capitalized(stepLabel(doc, job, step))} uploads the checkout of line ${positionOf(doc, checkout.step.node).line}, whose \`.git/config\` holds the GITHUB_TOKEN (no \`persist-credentials: false\`).`,
          });
        }
      }
    }
  },
});
