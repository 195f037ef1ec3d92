import type { Check } from './check.js';
import { PAVED_ROAD_CHECK_IDS, PAVED_ROAD_CHECKS } from './paved-road/checks.js';

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
    '## Paved-road policy checks',
    '',
    'These run when rampart.yml names a policy (`pavedRoad:`), and score the repository in',
    '`rampart paved-road check`; see [paved-road.md](paved-road.md). Rule ids are',
    '`paved-road/<id>`.',
    '',
    '| id | title | policy | severity | CWE | why | fix |',
    '|---|---|---|---|---|---|---|',
    ...PAVED_ROAD_CHECK_IDS.map((id) => {
      const meta = PAVED_ROAD_CHECKS[id];
      return `| \`${meta.id}\` | ${cell(meta.title)} | \`${cell(meta.policy)}\` | ${meta.severity} | ${meta.cwe.join(', ')} | ${cell(meta.rationale)} | ${cell(meta.remediation)} |`;
    }),
    '',
  ].join('\n');
}
