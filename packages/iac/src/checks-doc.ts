import type { Check } from './check.js';

const KIND_TITLES: Readonly<Record<string, string>> = {
  dockerfile: 'Dockerfile',
  kubernetes: 'Kubernetes manifests',
  'github-actions': 'GitHub Actions workflows',
  'gitlab-ci': 'GitLab CI',
  terraform: 'Terraform',
};

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** `docs/iac-checks.md`: every check by kind, with why it matters and the fix. */
export function checksMarkdown(checks: readonly Check[]): string {
  const kinds = Object.keys(KIND_TITLES).filter((k) => checks.some((c) => c.meta.kind === k));
  return [
    '# IaC and pipeline checks',
    '',
    `Generated from \`packages/iac/src/checks/\` by \`npm run gen\`: ${checks.length} checks. Each`,
    'check folder holds the check, a README and vulnerable/safe fixtures. Rule ids in findings',
    'are `iac/<id>`; turn one off with `rules: { iac/<id>: off }` in rampart.yml.',
    '',
    ...kinds.flatMap((kind) => [
      `## ${KIND_TITLES[kind]}`,
      '',
      '| id | title | severity | CWE | why | fix |',
      '|---|---|---|---|---|---|',
      ...checks
        .filter((c) => c.meta.kind === kind)
        .map(
          ({ meta }) =>
            `| \`${meta.id}\` | ${cell(meta.title)} | ${meta.severity} | ${meta.cwe.join(', ')} | ${cell(meta.description)} | ${cell(meta.remediation)} |`,
        ),
      '',
    ]),
  ].join('\n');
}
