import { describe, expect, it } from 'vitest';
import { languageOfPath } from './team-languages.js';

describe('languageOfPath', () => {
  const cases: [string, string | undefined, { scanner?: string; ruleId?: string }?][] = [
    ['src/app.js', 'javascript'],
    ['web/View.JSX', 'javascript'],
    ['lib/x.mjs', 'javascript'],
    ['lib/x.cjs', 'javascript'],
    ['src/api.ts', 'typescript'],
    ['src/App.tsx', 'typescript'],
    ['app/db.py', 'python'],
    ['Dockerfile', 'dockerfile'],
    ['docker/dockerfile.prod', 'dockerfile'],
    ['build/api.Dockerfile', 'dockerfile'],
    ['infra/main.tf', 'terraform'],
    ['.github/workflows/ci.yml', 'github-actions'],
    ['.github/workflows/release.yaml', 'github-actions'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['ci/.gitlab/ci/build.yml', 'gitlab-ci'],
    ['deploy/app.yaml', 'kubernetes', { scanner: 'iac' }],
    ['deploy/app.yaml', 'kubernetes', { scanner: 'sast', ruleId: 'k8s-privileged' }],
    // YAML that no IaC check reported may be anything (a config file, OpenAPI, …).
    ['config/settings.yml', undefined, { scanner: 'secrets' }],
    ['cmd/main.go', undefined],
    ['README.md', undefined],
    ['src/app.json', undefined],
  ];
  it.each(cases)('%s is %s', (path, expected, extra) => {
    expect(
      languageOfPath({ path, scanner: extra?.scanner ?? 'sast', ruleId: extra?.ruleId ?? 'r' }),
    ).toBe(expected);
  });
});
