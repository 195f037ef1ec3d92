import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createScanTarget, RepositoryFactsSchema, type ScanTarget } from '@rampart/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RAMPART_SCAN } from '../paved-road/evaluate.js';
import { collectRepositoryFacts } from './repository-facts.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-posture-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

async function target(defaultBranch?: string): Promise<ScanTarget> {
  const t = await createScanTarget(dir, { gitFacts: false, maxFileBytes: 8 * 1024 * 1024 });
  return defaultBranch === undefined
    ? t
    : {
        ...t,
        readText: t.readText.bind(t),
        git: { topLevel: dir, commit: undefined, branch: undefined, defaultBranch, dirty: false },
      };
}

/** Writes the files and collects the facts, checked against the report's schema. */
async function facts(files: Record<string, string>, defaultBranch?: string) {
  await write(files);
  const found = await collectRepositoryFacts(await target(defaultBranch));
  return RepositoryFactsSchema.parse(found);
}

const SHA = 'a'.repeat(40);
const DIGEST = `sha256:${'b'.repeat(64)}`;

const workflow = (on: string, steps: string) =>
  `name: ci\non:\n${on}\njobs:\n  scan:\n    runs-on: ubuntu-24.04\n    steps:\n${steps}`;
const runsRampart = '      - run: npx --yes @rampart/cli@0.1.0 scan --format json\n';

describe('collectRepositoryFacts on an empty repository', () => {
  it('finds nothing and counts no code', async () => {
    expect(await facts({ 'README.md': '# hello\n' })).toEqual({
      ci: [],
      rampartInCi: { pullRequests: false, defaultBranch: false },
      sarifUpload: null,
      secretsHook: null,
      actions: { thirdParty: 0, unpinned: 0, examples: [] },
      dependencyUpdates: null,
      securityPolicy: null,
      codeowners: null,
      threatModel: null,
      linesOfCode: 0,
    });
  });
});

describe('Rampart in GitHub Actions', () => {
  it('runs on pull requests and on pushes to the default branch', async () => {
    const found = await facts({
      '.github/workflows/ci.yml': workflow(
        '  pull_request:\n  push:\n    branches: [main]',
        runsRampart,
      ),
    });
    expect(found.ci).toEqual(['github']);
    expect(found.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
  });

  it('counts pull_request_target and a push without a branch filter', async () => {
    expect(
      (
        await facts({
          '.github/workflows/a.yml': workflow('  pull_request_target:', runsRampart),
          '.github/workflows/b.yml': workflow('  push:', runsRampart),
        })
      ).rampartInCi,
    ).toEqual({ pullRequests: true, defaultBranch: true });
  });

  it('does not count a workflow that only runs on a schedule, on tags or on other branches', async () => {
    const found = await facts(
      {
        '.github/workflows/nightly.yml': workflow(
          "  schedule:\n    - cron: '0 3 * * *'",
          runsRampart,
        ),
        '.github/workflows/tags.yml': workflow("  push:\n    tags: ['v*']", runsRampart),
        '.github/workflows/rel.yml': workflow("  push:\n    branches: ['release/*']", runsRampart),
        '.github/workflows/ign.yml': workflow('  push:\n    branches-ignore: [main]', runsRampart),
        '.github/workflows/neg.yml': workflow(
          "  push:\n    branches: ['**', '!main']",
          runsRampart,
        ),
      },
      'main',
    );
    expect(found.rampartInCi).toEqual({ pullRequests: false, defaultBranch: false });
  });

  it("matches branch globs against the repository's default branch", async () => {
    const files = {
      '.github/workflows/ci.yml': workflow("  push:\n    branches: ['tr*']", runsRampart),
    };
    expect((await facts(files, 'trunk')).rampartInCi.defaultBranch).toBe(true);
    expect((await facts(files)).rampartInCi.defaultBranch).toBe(false);
  });

  it('does not count a workflow that does not run Rampart, or only mentions it in a comment', async () => {
    const found = await facts({
      '.github/workflows/ci.yml': workflow(
        '  pull_request:\n  push:',
        '      - run: |\n          npm test\n          # npx rampart scan\n',
      ),
    });
    expect(found.ci).toEqual(['github']);
    expect(found.rampartInCi).toEqual({ pullRequests: false, defaultBranch: false });
  });

  it('follows a call to a local reusable workflow that runs Rampart', async () => {
    const found = await facts({
      '.github/workflows/ci.yml':
        'on: pull_request\njobs:\n  security:\n    uses: ./.github/workflows/rampart.yml\n',
      '.github/workflows/rampart.yml': workflow('  workflow_call:', runsRampart),
    });
    expect(found.rampartInCi.pullRequests).toBe(true);
  });

  it("counts the organisation's template called as a reusable workflow", async () => {
    const found = await facts({
      '.github/workflows/ci.yml': `on: [push, pull_request]\njobs:\n  security:\n    uses: acme/ci-templates/.github/workflows/rampart.yml@${SHA}\n`,
    });
    expect(found.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(found.actions).toEqual({ thirdParty: 1, unpinned: 0, examples: [] });
  });

  it("ignores the CI files of a project inside the repository (CI reads the root's only)", async () => {
    const found = await facts({
      'vendor/lib/.github/workflows/ci.yml': workflow(
        '  pull_request:\n  push:',
        `${runsRampart}      - uses: acme/deploy@v1\n`,
      ),
      'vendor/lib/.gitlab-ci.yml': 'scan:\n  script: npx rampart scan\n',
      'vendor/lib/.gitlab/ci/rampart.yml': 'scan:\n  script: npx rampart scan\n',
    });
    expect(found.ci).toEqual([]);
    expect(found.rampartInCi).toEqual({ pullRequests: false, defaultBranch: false });
    expect(found.actions).toEqual({ thirdParty: 0, unpinned: 0, examples: [] });
  });

  it('finds the SARIF upload', async () => {
    const found = await facts({
      '.github/workflows/ci.yml': workflow(
        '  push:',
        `      - uses: github/codeql-action/upload-sarif@${SHA}\n`,
      ),
    });
    expect(found.sarifUpload).toBe('.github/workflows/ci.yml');
  });
});

describe('third-party actions', () => {
  it('counts third-party actions and lists the unpinned ones with their line', async () => {
    const found = await facts({
      '.github/workflows/ci.yml': workflow(
        '  push:',
        [
          '      - uses: actions/checkout@v4', // first party: not counted
          '      - uses: github/codeql-action/init@v3', // first party
          '      - uses: ./.github/actions/local', // local
          '      - uses: acme/deploy@v1', // line 11: unpinned
          `      - uses: acme/build@${SHA}`, // pinned
          `      - uses: docker://alpine@${DIGEST}`, // pinned by digest
          '      - uses: docker://alpine:3.20', // line 14: unpinned
          '      - uses: acme/no-ref', // line 15: unpinned
          '',
        ].join('\n'),
      ),
    });
    expect(found.actions).toEqual({
      thirdParty: 5,
      unpinned: 3,
      examples: [
        { uses: 'acme/deploy@v1', path: '.github/workflows/ci.yml', line: 11 },
        { uses: 'docker://alpine:3.20', path: '.github/workflows/ci.yml', line: 14 },
        { uses: 'acme/no-ref', path: '.github/workflows/ci.yml', line: 15 },
      ],
    });
  });

  it('lists at most 20 examples but counts them all', async () => {
    const steps = Array.from({ length: 25 }, (_, i) => `      - uses: acme/a${i}@v1\n`).join('');
    const found = await facts({ '.github/workflows/ci.yml': workflow('  push:', steps) });
    expect(found.actions.thirdParty).toBe(25);
    expect(found.actions.unpinned).toBe(25);
    expect(found.actions.examples).toHaveLength(20);
  });

  it('passes a workflow whose third-party actions are all pinned', async () => {
    const found = await facts({
      '.github/workflows/ci.yml': workflow('  push:', `      - uses: acme/build@${SHA} # v1\n`),
    });
    expect(found.actions).toEqual({ thirdParty: 1, unpinned: 0, examples: [] });
  });
});

describe('Rampart in GitLab CI', () => {
  it('runs on merge requests and on the default branch with rules', async () => {
    const found = await facts({
      '.gitlab-ci.yml': [
        'rampart:',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
        '  script:',
        '    - npx --yes @rampart/cli@0.1.0 scan --format json',
        '',
      ].join('\n'),
    });
    expect(found.ci).toEqual(['gitlab']);
    expect(found.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
  });

  it('reads only: merge_requests, and a job without rules runs on branches', async () => {
    expect(
      (
        await facts({
          '.gitlab-ci.yml': 'mr:\n  only: [merge_requests]\n  script: [rampart scan]\n',
        })
      ).rampartInCi,
    ).toEqual({ pullRequests: true, defaultBranch: false });
    await rm(join(dir, '.gitlab-ci.yml'));
    expect(
      (await facts({ '.gitlab-ci.yml': 'scan:\n  script: [rampart scan]\n' })).rampartInCi,
    ).toEqual({ pullRequests: false, defaultBranch: true });
  });

  it('does not count rules that never run on merge requests or the default branch', async () => {
    const found = await facts({
      '.gitlab-ci.yml': [
        'scan:',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        '      when: never',
        '    - if: $CI_COMMIT_TAG',
        '    - if: $CI_PIPELINE_SOURCE != "merge_request_event" && $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH',
        '  script: [rampart scan]',
        '',
      ].join('\n'),
    });
    expect(found.rampartInCi).toEqual({ pullRequests: false, defaultBranch: false });
  });

  it('reads except:, and a merge request variable compared with null', async () => {
    const found = await facts({
      '.gitlab-ci.yml': [
        'branches:',
        '  script: [rampart scan]',
        '  except: [main]',
        'not-mr:',
        '  script: [rampart scan]',
        '  rules:',
        '    - if: $CI_MERGE_REQUEST_IID == null && $CI_COMMIT_TAG',
        '',
      ].join('\n'),
    });
    expect(found.rampartInCi).toEqual({ pullRequests: false, defaultBranch: false });
    await rm(join(dir, '.gitlab-ci.yml'));
    expect(
      (
        await facts({
          '.gitlab-ci.yml':
            'mr:\n  script: [rampart scan]\n  rules:\n    - if: $CI_MERGE_REQUEST_IID != null\n',
        })
      ).rampartInCi,
    ).toEqual({ pullRequests: true, defaultBranch: false });
  });

  it('runs a job without rules in the pipelines workflow: rules: creates', async () => {
    const both = await facts({
      '.gitlab-ci.yml': [
        'workflow:',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        '    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS',
        '      when: never',
        '    - if: $CI_COMMIT_BRANCH',
        'scan:',
        '  script: [rampart scan]',
        '',
      ].join('\n'),
    });
    expect(both.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    await rm(join(dir, '.gitlab-ci.yml'));
    // Only merge request pipelines exist: a job's default-branch rule never runs.
    const mrOnly = await facts({
      '.gitlab-ci.yml': [
        'workflow:',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        'scan:',
        '  script: [rampart scan]',
        '  rules:',
        '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        '',
      ].join('\n'),
    });
    expect(mrOnly.rampartInCi).toEqual({ pullRequests: true, defaultBranch: false });
  });

  it('follows extends to a hidden job, and finds the security report', async () => {
    const found = await facts({
      '.gitlab-ci.yml': [
        '.rampart:',
        '  script: [npx rampart scan --format sarif]',
        '  artifacts:',
        '    reports:',
        '      sast: gl-sast-report.json',
        'scan:',
        '  extends: .rampart',
        '  only: [merge_requests, main]',
        '',
      ].join('\n'),
    });
    expect(found.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(found.sarifUpload).toBe('.gitlab-ci.yml');
  });

  it("counts an include of the organisation's Rampart template", async () => {
    const found = await facts({
      '.gitlab-ci.yml':
        'include:\n  - project: acme/ci-templates\n    file: /rampart.gitlab-ci.yml\n',
    });
    expect(found.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
  });

  it('counts the JUnit report of a job that runs Rampart (GitLab reads no SARIF)', async () => {
    const found = await facts({
      '.gitlab-ci.yml': [
        'rampart:',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        '  script:',
        '    - |',
        '      npx --yes @rampart/cli@0.1.0 scan --format json --output rampart.json',
        '      npx --yes @rampart/cli@0.1.0 import rampart.json --from rampart --format junit --output r.xml',
        '  artifacts:',
        '    reports:',
        '      junit: r.xml',
        '',
      ].join('\n'),
    });
    expect(found.sarifUpload).toBe('.gitlab-ci.yml');
    // A job of its own that turns the scan's report into JUnit counts too.
    await rm(join(dir, '.gitlab-ci.yml'));
    const apart = await facts({
      '.gitlab/ci/rampart.yml': [
        'scan:',
        '  script: [rampart scan --format json --output rampart.json]',
        '  artifacts: {paths: [rampart.json]}',
        'junit:',
        '  needs: [scan]',
        '  script: [rampart import rampart.json --from rampart --format junit --output r.xml]',
        '  artifacts: {reports: {junit: r.xml}}',
        '',
      ].join('\n'),
    });
    expect(apart.sarifUpload).toBe('.gitlab/ci/rampart.yml');
  });

  it('has no security report with only a JUnit report', async () => {
    const found = await facts({
      '.gitlab-ci.yml':
        'test:\n  script: [npm test]\n  artifacts:\n    reports:\n      junit: j.xml\n' +
        '# rampart scan\nlint:\n  script: ["# rampart scan", rampart db update]\n  artifacts:\n    reports:\n      junit: l.xml\n',
    });
    expect(found.sarifUpload).toBeNull();
  });
});

describe('secrets hooks', () => {
  const cases: [string, string, string | null][] = [
    [
      '.pre-commit-config.yaml',
      'repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    rev: v8.18.0\n    hooks:\n      - id: gitleaks\n',
      'pre-commit',
    ],
    [
      '.pre-commit-config.yaml',
      'repos:\n  - repo: local\n    hooks:\n      - id: secrets\n        name: secrets\n        entry: npx rampart scan --staged\n        language: system\n',
      'pre-commit',
    ],
    [
      '.pre-commit-config.yaml',
      'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    hooks:\n      - id: trailing-whitespace\n',
      null,
    ],
    ['.pre-commit-config.yaml', 'repos: [: broken', null],
    ['.husky/pre-commit', '#!/bin/sh\nnpx rampart scan --staged --scanners secrets\n', 'husky'],
    ['.husky/pre-commit', '#!/bin/sh\n# TODO: npx rampart scan --staged\nnpm test\n', null],
    [
      'lefthook.yml',
      'pre-commit:\n  commands:\n    secrets:\n      run: npx rampart scan --staged\n',
      'lefthook',
    ],
    [
      '.lefthook.yml',
      'pre-commit:\n  commands:\n    leaks:\n      run: trufflehog git file://.\n',
      'lefthook',
    ],
    ['lefthook.yml', 'pre-push:\n  commands:\n    secrets:\n      run: npx rampart scan\n', null],
    ['.githooks/pre-commit', '#!/bin/sh\nexec rampart scan --staged\n', 'git-hooks'],
    ['.githooks/pre-commit', '#!/bin/sh\nnpm run lint\n', null],
    // Naming Rampart is not running a secrets scan.
    ['.husky/pre-commit', '#!/bin/sh\nnpm run rampart-docs\nnpx rampart rules test rules/\n', null],
    ['.husky/pre-commit', '#!/bin/sh\ngitleaks protect --staged\n', 'husky'],
  ];
  it.each(cases)('%s (%#) → %s', async (path, text, kind) => {
    const found = await facts({ [path]: text });
    expect(found.secretsHook).toEqual(kind === null ? null : { kind, path });
  });
});

describe('dependency updates', () => {
  const renovate = [
    'renovate.json',
    'renovate.json5',
    '.renovaterc',
    '.renovaterc.json',
    '.github/renovate.json',
    '.github/renovate.json5',
    '.gitlab/renovate.json',
    '.gitlab/renovate.json5',
  ];
  it.each(renovate)('finds Renovate in %s', async (path) => {
    expect((await facts({ [path]: '{}' })).dependencyUpdates).toEqual({ tool: 'renovate', path });
  });

  it.each(['.github/dependabot.yml', '.github/dependabot.yaml'])(
    'finds Dependabot in %s, before Renovate',
    async (path) => {
      expect(
        (await facts({ [path]: 'version: 2\n', 'renovate.json': '{}' })).dependencyUpdates,
      ).toEqual({ tool: 'dependabot', path });
    },
  );

  it('finds Renovate in package.json, and not without the key', async () => {
    expect(
      (await facts({ 'package.json': '{"name":"a","renovate":{"extends":["config:base"]}}' }))
        .dependencyUpdates,
    ).toEqual({ tool: 'renovate', path: 'package.json' });
    expect((await facts({ 'package.json': '{"name":"a"}' })).dependencyUpdates).toBeNull();
    expect((await facts({ 'package.json': '{ not json' })).dependencyUpdates).toBeNull();
  });

  it('ignores a configuration in another folder', async () => {
    expect(
      (await facts({ 'docs/renovate.json': '{}', 'x/.github/dependabot.yml': '' }))
        .dependencyUpdates,
    ).toBeNull();
  });
});

describe('SECURITY.md and CODEOWNERS', () => {
  it.each(['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md', 'Security.md'])(
    'finds the security policy at %s',
    async (path) => {
      expect((await facts({ [path]: '# Security\n' })).securityPolicy).toBe(path);
    },
  );

  it.each([
    'CODEOWNERS',
    '.github/CODEOWNERS',
    'docs/CODEOWNERS',
    '.gitlab/CODEOWNERS',
    'codeowners',
  ])('finds CODEOWNERS at %s', async (path) => {
    expect((await facts({ [path]: '* @acme/team\n' })).codeowners).toBe(path);
  });

  it('ignores them in other folders', async () => {
    const found = await facts({
      'src/SECURITY.md': 'x',
      'src/CODEOWNERS': 'x',
      'SECURITY.txt': 'x',
    });
    expect(found.securityPolicy).toBeNull();
    expect(found.codeowners).toBeNull();
  });
});

describe('threat model', () => {
  const model = (facing: boolean) =>
    `version: 1\nname: api\nelements:\n  - id: web\n    type: process\n    name: Web\n    attributes:\n      internetFacing: ${facing}\n  - id: db\n    type: data-store\n    name: DB\n`;

  it('finds a threat model anywhere and reads internetFacing', async () => {
    expect(
      await facts({ 'services/api/api.threatmodel.yaml': model(true) }).then((f) => [
        f.threatModel,
        f.internetFacing,
      ]),
    ).toEqual(['services/api/api.threatmodel.yaml', true]);
  });

  it('says false when no element is internet-facing', async () => {
    const found = await facts({ 'threatmodel.yml': model(false) });
    expect([found.threatModel, found.internetFacing]).toEqual(['threatmodel.yml', false]);
  });

  it('leaves internetFacing out when the model does not parse, or there is none', async () => {
    const broken = await facts({ 'threatmodel.yml': 'elements: [: nope' });
    expect(broken.threatModel).toBe('threatmodel.yml');
    expect('internetFacing' in broken).toBe(false);
    await rm(join(dir, 'threatmodel.yml'));
    const none = await facts({ 'model.yml': model(true) });
    expect(none.threatModel).toBeNull();
    expect('internetFacing' in none).toBe(false);
  });
});

describe('lines of code', () => {
  it('counts the lines of source files only, and skips files over 2 MiB', async () => {
    const found = await facts({
      'src/a.ts': 'const a = 1;\nconst b = 2;\nexport { a, b };\n',
      'src/b.py': 'print(1)\nprint(2)', // no final newline: still 2 lines
      'src/empty.go': '',
      'README.md': 'one\ntwo\nthree\n',
      'config.yml': 'a: 1\n',
      '.bashrc': 'echo hi\n',
      'big.js': `${'x\n'.repeat(1024 * 1024 + 10)}`,
    });
    expect(found.linesOfCode).toBe(5);
  });

  it('respects .rampartignore', async () => {
    const found = await facts({
      '.rampartignore': 'vendor/\n',
      'vendor/lib.js': 'a\nb\nc\n',
      'src/app.js': 'a\n',
    });
    expect(found.linesOfCode).toBe(1);
  });
});

describe('RAMPART_SCAN', () => {
  it.each([
    'npx rampart scan',
    'npx --yes @rampart/cli@0.1.0 scan --diff-base origin/main',
    'node packages/cli/bin/rampart.js scan .',
    'rampart scan',
  ])('matches %s', (line) => {
    expect(RAMPART_SCAN.test(line)).toBe(true);
  });
  it.each(['rampart db update', 'npx rampart-scan', 'echo scanrampart scan'])(
    'does not match %s',
    (line) => {
      expect(RAMPART_SCAN.test(line)).toBe(false);
    },
  );
});

describe('collectRepositoryFacts never throws', () => {
  const NAMES = [
    '.github/workflows/ci.yml',
    '.gitlab-ci.yml',
    '.gitlab/ci/x.yml',
    '.pre-commit-config.yaml',
    '.husky/pre-commit',
    'lefthook.yml',
    '.githooks/pre-commit',
    'package.json',
    'renovate.json',
    'threatmodel.yml',
    'a.threatmodel.yaml',
    'SECURITY.md',
    'CODEOWNERS',
    'src/x.ts',
  ];
  const content = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
    fc
      .array(
        fc.constantFrom(
          'on:',
          'jobs:',
          '  a:',
          '    steps:',
          '      - uses: x@y',
          '      - run: rampart scan',
          'rules:',
          '  - if: $CI_DEFAULT_BRANCH',
          'repos:',
          '  - hooks:',
          'elements:',
          '  - attributes: {internetFacing: true}',
          '&a [*a]',
          '- *b',
          '{',
          ': :',
        ),
        { maxLength: 12 },
      )
      .map((lines) => lines.join('\n')),
  );
  const name = fc.oneof(
    fc.constantFrom(...NAMES),
    fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}(\/[a-zA-Z0-9._-]{1,20}){0,2}$/),
  );

  it('on arbitrary file names and contents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name, content, { maxKeys: 6 }), async (files) => {
        const root = await mkdtemp(join(tmpdir(), 'rampart-posture-fc-'));
        try {
          for (const [path, text] of Object.entries(files)) {
            if (path.split('/').some((p) => p === '.' || p === '..')) continue;
            const file = join(root, path);
            try {
              await mkdir(dirname(file), { recursive: true });
              await writeFile(file, text);
            } catch {
              // a name that clashes with a folder of another: leave it out
            }
          }
          const t = await createScanTarget(root, { gitFacts: false });
          RepositoryFactsSchema.parse(await collectRepositoryFacts(t));
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('a project below the git top level (a monorepo)', () => {
  const topLevel = {
    '.github/workflows/ci.yml': workflow(
      '  pull_request:\n  push:\n    branches: [main]',
      runsRampart,
    ),
    '.pre-commit-config.yaml':
      'repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    rev: v8.18.0\n    hooks:\n      - id: gitleaks\n',
    '.github/dependabot.yml': 'version: 2\nupdates: []\n',
    'SECURITY.md': '# Security\n',
    '.github/CODEOWNERS': '* @acme/security\n',
    'threatmodel.yml': 'elements:\n  - attributes: {internetFacing: true}\n',
    'src/other.ts': 'export const other = 1;\n',
    // The project's own CI files run nowhere: neither counted nor judged.
    'services/api/.github/workflows/own.yml': workflow('  push:', '      - uses: acme/deploy@v1\n'),
    'services/api/src/app.ts': 'export const a = 1;\nexport const b = 2;\n',
    'services/api/threatmodel.yml': 'elements:\n  - attributes: {internetFacing: false}\n',
  };

  async function subfolderFacts(gitFacts: boolean, path = 'services/api') {
    const t = await createScanTarget(join(dir, path), { gitFacts });
    return RepositoryFactsSchema.parse(await collectRepositoryFacts(t));
  }

  it.each([
    ['its git facts', true],
    ['git rev-parse', false],
  ])(
    'reads the set-up from the top level (found with %s), paths from there',
    async (_, gitFacts) => {
      git('init', '-q', '-b', 'main');
      await write(topLevel);
      expect(await subfolderFacts(gitFacts)).toEqual({
        ci: ['github'],
        rampartInCi: { pullRequests: true, defaultBranch: true },
        sarifUpload: null,
        secretsHook: { kind: 'pre-commit', path: '.pre-commit-config.yaml' },
        actions: { thirdParty: 0, unpinned: 0, examples: [] },
        dependencyUpdates: { tool: 'dependabot', path: '.github/dependabot.yml' },
        securityPolicy: 'SECURITY.md',
        codeowners: '.github/CODEOWNERS',
        // The threat model and the size are the project's own.
        threatModel: 'threatmodel.yml',
        internetFacing: false,
        linesOfCode: 2,
      });
    },
  );

  it("takes a project's own husky folder when the top level has no hook", async () => {
    git('init', '-q', '-b', 'main');
    await write({
      'services/web/.husky/pre-commit': 'npx rampart scan --staged\n',
      'services/web/index.js': 'x\n',
    });
    expect((await subfolderFacts(true, 'services/web')).secretsHook).toEqual({
      kind: 'husky',
      path: 'services/web/.husky/pre-commit',
    });
  });

  it('follows no symbolic link of the top level', async () => {
    git('init', '-q', '-b', 'main');
    await write({ 'elsewhere/SECURITY.md': '# x\n', 'services/api/a.ts': 'x\n' });
    await symlink(join(dir, 'elsewhere/SECURITY.md'), join(dir, 'SECURITY.md'));
    await symlink(join(dir, 'elsewhere'), join(dir, '.github'));
    expect((await subfolderFacts(true)).securityPolicy).toBeNull();
  });

  it('reads the top level itself as before', async () => {
    git('init', '-q', '-b', 'main');
    await write(topLevel);
    const found = RepositoryFactsSchema.parse(
      await collectRepositoryFacts(await createScanTarget(dir)),
    );
    expect(found.securityPolicy).toBe('SECURITY.md');
    expect(found.threatModel).toBe('services/api/threatmodel.yml');
    expect(found.internetFacing).toBe(true);
    expect(found.linesOfCode).toBe(3);
  });

  it('reads a folder outside git as the repository (no git work tree around it)', async () => {
    await write(topLevel);
    const found = await subfolderFacts(false);
    expect(found.ci).toEqual(['github']);
    expect(found.actions.thirdParty).toBe(1);
    expect(found.securityPolicy).toBeNull();
    expect(found.secretsHook).toBeNull();
  });
});
