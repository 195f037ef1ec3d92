import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createMemoryLogger,
  createScanTarget,
  FindingDraftSchema,
  loadConfig,
} from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PavedRoadCheckId } from './checks.js';
import { evaluatePavedRoad, type PavedRoadReport } from './evaluate.js';
import { reportDrafts } from './findings.js';
import { parsePolicy } from './policy.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-paved-road-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function evaluate(
  policy: string,
  files: Record<string, string>,
): Promise<PavedRoadReport & { check(id: PavedRoadCheckId): PavedRoadReport['checks'][number] }> {
  write({ 'paved-road.yml': policy, ...files });
  const config = await loadConfig({ root: dir });
  const target = await createScanTarget(dir);
  const report = await evaluatePavedRoad(parsePolicy(policy, join(dir, 'paved-road.yml')), {
    target,
    config,
    logger: createMemoryLogger(),
  });
  return {
    ...report,
    check: (id) => {
      const found = report.checks.find((c) => c.id === id);
      if (!found) throw new Error(`no check ${id}`);
      return found;
    },
  };
}

/** `path:line message` of each violation of a check. */
function sites(report: PavedRoadReport, id: PavedRoadCheckId): string[] {
  return (report.checks.find((c) => c.id === id)?.violations ?? []).map((v) => {
    const s = v.site;
    if (!s) return `(repository) ${v.message}`;
    if (s.kind === 'code') return `${s.path}:${s.line} ${v.message}`;
    return `${s.dependency.manifestPath}:${s.dependency.line} ${v.message}`;
  });
}

const IMAGES = `version: 1
baseImages:
  registries: [registry.acme.io]
  approved:
    - image: cgr.dev/chainguard/node
      tags: ["20", "22-*"]
      digest: ${DIGEST}
      replaces: [node, docker.io/library/node]
      rationale: distroless, rebuilt daily
    - image: cgr.dev/chainguard/python
`;

describe('base-image', () => {
  it('passes images from an approved registry and approved names at approved tags', async () => {
    const report = await evaluate(IMAGES, {
      Dockerfile:
        'FROM registry.acme.io/base/go:1.23 AS build\nFROM cgr.dev/chainguard/node:22-dev\n',
      'svc/Dockerfile': `FROM cgr.dev/chainguard/node:20@${DIGEST}\n`,
    });
    expect(report.check('base-image')).toMatchObject({
      status: 'pass',
      summary: '3 base images, all approved',
    });
  });

  it('reports an unapproved image on its FROM line and names the approved replacement', async () => {
    const report = await evaluate(IMAGES, {
      Dockerfile:
        '# syntax=docker/dockerfile:1\nFROM node:20-alpine AS deps\nRUN npm ci\nFROM deps\n',
    });
    const check = report.check('base-image');
    expect(check.status).toBe('fail');
    expect(sites(report, 'base-image')).toEqual([
      'Dockerfile:2 node:20-alpine is not an approved base image and docker.io is not an approved registry.',
    ]);
    expect(check.violations[0]?.remediation).toBe(
      `Use \`cgr.dev/chainguard/node:20@${DIGEST}\` instead of \`node:20-alpine\`: distroless, rebuilt daily.`,
    );
  });

  it('suggests an approved image of the same name when nothing declares it replaces the image', async () => {
    const report = await evaluate(IMAGES, { Dockerfile: 'FROM python:3.12\n' });
    expect(report.check('base-image').violations[0]?.remediation).toBe(
      'Use `cgr.dev/chainguard/python` instead of `python:3.12`.',
    );
  });

  it('lists the approved choices when no approved image matches', async () => {
    const report = await evaluate(IMAGES, { Dockerfile: 'FROM ghcr.io/someone/ruby:3\n' });
    expect(report.check('base-image').violations[0]?.remediation).toBe(
      'Use an approved image: `cgr.dev/chainguard/node`, `cgr.dev/chainguard/python`, any image from registry.acme.io.',
    );
  });

  it('reports an approved image at a tag the policy does not approve', async () => {
    const report = await evaluate(IMAGES, { Dockerfile: 'FROM cgr.dev/chainguard/node:18\n' });
    expect(sites(report, 'base-image')).toEqual([
      'Dockerfile:1 cgr.dev/chainguard/node:18 uses the approved image cgr.dev/chainguard/node at tag `18`, which the policy does not approve (approved: 20, 22-*).',
    ]);
  });

  it('ignores scratch, earlier stages and build arguments', async () => {
    const report = await evaluate(IMAGES, {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument
      Dockerfile: 'ARG BASE=node:20\nFROM ${BASE} AS a\nFROM a\nFROM scratch\n',
    });
    expect(report.check('base-image')).toMatchObject({
      status: 'not-applicable',
      summary: 'no Dockerfile builds on an image',
    });
  });

  it('does not apply without an images section', async () => {
    const report = await evaluate('version: 1\n', { Dockerfile: 'FROM node:20\n' });
    expect(report.check('base-image').status).toBe('not-applicable');
  });
});

describe('base-image-digest', () => {
  const POLICY = `${IMAGES}  requireDigest: true\n`;

  it('reports every FROM without a digest and gives the approved digest when the policy has it', async () => {
    const report = await evaluate(POLICY, {
      Dockerfile: `FROM cgr.dev/chainguard/node:20\nFROM registry.acme.io/x:1@${DIGEST}\nFROM registry.acme.io/y:1\n`,
    });
    expect(sites(report, 'base-image-digest')).toEqual([
      'Dockerfile:1 cgr.dev/chainguard/node:20 is not pinned by digest; the paved road requires `@sha256:…` on every base image.',
      'Dockerfile:3 registry.acme.io/y:1 is not pinned by digest; the paved road requires `@sha256:…` on every base image.',
    ]);
    const [first, second] = report.check('base-image-digest').violations;
    expect(first?.remediation).toContain(`\`FROM cgr.dev/chainguard/node:20@${DIGEST}\``);
    expect(second?.remediation).toContain('docker buildx imagetools inspect registry.acme.io/y:1');
    expect(report.check('base-image-digest').summary).toBe(
      '2 of 3 base images not pinned by digest',
    );
  });

  it('never pairs the digest the policy records with another tag', async () => {
    const report = await evaluate(POLICY, {
      Dockerfile: 'FROM cgr.dev/chainguard/node:22-dev\nFROM node:20\n',
    });
    const [otherTag, unapproved] = report.check('base-image-digest').violations;
    expect(otherTag?.remediation).toBe(
      `Pin it (find it with \`docker buildx imagetools inspect cgr.dev/chainguard/node:22-dev\`), or use the pinned \`FROM cgr.dev/chainguard/node:20@${DIGEST}\` the policy records, and let Renovate or Dependabot update the digest.`,
    );
    expect(unapproved?.remediation).toBe(
      `Use the approved, pinned \`FROM cgr.dev/chainguard/node:20@${DIGEST}\` (see paved-road/base-image), or pin this one (find it with \`docker buildx imagetools inspect node:20\`), and let Renovate or Dependabot update the digest.`,
    );
  });

  it('passes when every image is pinned, and does not apply when digests are not required', async () => {
    const pinned = { Dockerfile: `FROM registry.acme.io/x:1@${DIGEST}\n` };
    expect((await evaluate(POLICY, pinned)).check('base-image-digest').status).toBe('pass');
    expect((await evaluate(IMAGES, pinned)).check('base-image-digest').status).toBe(
      'not-applicable',
    );
  });
});

/** A package-lock.json (v3) with one line per key, as npm writes it. */
function lockfile(direct: Record<string, string>, transitive: Record<string, string> = {}): string {
  const packages: Record<string, unknown> = {
    '': { name: 'app', version: '1.0.0', dependencies: direct },
  };
  for (const [name, version] of Object.entries(direct))
    packages[`node_modules/${name}`] = {
      version,
      ...(Object.keys(transitive).length > 0 && name === Object.keys(direct)[0]
        ? { dependencies: transitive }
        : {}),
    };
  for (const [name, version] of Object.entries(transitive))
    packages[`node_modules/${name}`] = { version };
  return `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

const LIBRARIES = `version: 1
libraries:
  npm:
    banned:
      - name: request
        replacement: undici
        reason: deprecated since 2020
      - name: lodash
        versions: "<4.17.21"
        severity: high
    approved:
      - name: express
        versions: ">=5.0.0 <6"
        rationale: the supported major
  PyPI:
    banned:
      - name: PyYAML
        versions: "<5.4"
        replacement: PyYAML 5.4 or later
`;

describe('banned-library', () => {
  it('reports a direct banned dependency at its lockfile line with the replacement', async () => {
    const lock = lockfile({ request: '2.88.2', express: '5.1.0' });
    const report = await evaluate(LIBRARIES, { 'package-lock.json': lock });
    const line = lock.split('\n').findIndex((l) => l.includes('"node_modules/request"')) + 1;
    expect(sites(report, 'banned-library')).toEqual([
      `package-lock.json:${line} request@2.88.2 is banned by the paved road: deprecated since 2020.`,
    ]);
    expect(report.check('banned-library').violations[0]).toMatchObject({
      remediation: 'Replace `request` with `undici`.',
      severity: 'medium',
    });
  });

  it('names the chain and the direct dependency to change for a transitive one', async () => {
    const report = await evaluate(LIBRARIES, {
      'package-lock.json': lockfile({ 'some-sdk': '1.0.0' }, { request: '2.88.2' }),
    });
    const [violation] = report.check('banned-library').violations;
    expect(violation?.message).toBe(
      'request@2.88.2 is banned by the paved road: deprecated since 2020 (brought in by some-sdk@1.0.0).',
    );
    expect(violation?.remediation).toBe(
      'Replace `request` with `undici`: upgrade or replace some-sdk@1.0.0, which brings it in.',
    );
  });

  it('bans only the versions in the range, at the severity the policy sets', async () => {
    const old = await evaluate(LIBRARIES, { 'package-lock.json': lockfile({ lodash: '4.17.15' }) });
    expect(old.check('banned-library').violations.map((v) => [v.message, v.severity])).toEqual([
      ['lodash@4.17.15 is banned by the paved road (banned versions: <4.17.21).', 'high'],
    ]);
    const fixed = await evaluate(LIBRARIES, {
      'package-lock.json': lockfile({ lodash: '4.17.21' }),
    });
    expect(fixed.check('banned-library')).toMatchObject({
      status: 'pass',
      summary: '1 dependency, none banned',
    });
  });

  it('compares PyPI names after normalisation and versions with PEP 440', async () => {
    const report = await evaluate(LIBRARIES, {
      'requirements.txt': 'flask==3.0.0\npyyaml==5.3.1\n',
    });
    expect(sites(report, 'banned-library')).toEqual([
      'requirements.txt:2 pyyaml@5.3.1 is banned by the paved road (banned versions: <5.4).',
    ]);
    expect(report.check('banned-library').violations[0]?.remediation).toBe(
      'Replace `pyyaml`: use PyYAML 5.4 or later.',
    );
  });

  it('does not apply to a repository without manifests, nor to a policy that bans nothing', async () => {
    expect((await evaluate(LIBRARIES, { 'a.js': '' })).check('banned-library')).toMatchObject({
      status: 'not-applicable',
      summary: 'no dependency manifest found',
    });
    const none = await evaluate('version: 1\n', { 'package-lock.json': lockfile({ a: '1.0.0' }) });
    expect(none.check('banned-library').status).toBe('not-applicable');
  });
});

describe('library-version', () => {
  it('reports a direct dependency outside the approved range', async () => {
    const report = await evaluate(LIBRARIES, {
      'package-lock.json': lockfile({ express: '4.21.0' }),
    });
    expect(
      report.check('library-version').violations.map((v) => [v.message, v.remediation]),
    ).toEqual([
      [
        'express@4.21.0 is outside the approved versions >=5.0.0 <6.',
        'Move `express` to a version in >=5.0.0 <6 (the supported major).',
      ],
    ]);
  });

  it('passes a direct dependency in range and leaves transitive copies alone', async () => {
    const report = await evaluate(LIBRARIES, {
      'package-lock.json': lockfile({ express: '5.1.0' }),
      'sub/package-lock.json': lockfile({ 'some-sdk': '1.0.0' }, { express: '4.0.0' }),
    });
    expect(report.check('library-version')).toMatchObject({
      status: 'pass',
      summary: '1 approved library at approved versions',
    });
  });
});

const GITHUB = `version: 1
pipeline:
  github:
    workflow: acme/security/.github/workflows/rampart.yml
    ref: v2*
`;

describe('pipeline-template (GitHub Actions)', () => {
  it('passes when a job calls the reusable workflow at an allowed ref', async () => {
    const report = await evaluate(GITHUB, {
      '.github/workflows/ci.yml':
        'on: [pull_request]\njobs:\n  security:\n    uses: Acme/security/.github/workflows/rampart.yml@v2.3.1\n',
    });
    expect(report.check('pipeline-template')).toMatchObject({
      status: 'pass',
      summary: 'GitHub Actions calls the template',
    });
  });

  it('reports a call at a ref the policy does not allow, on the uses line', async () => {
    const report = await evaluate(GITHUB, {
      '.github/workflows/ci.yml':
        'on: [pull_request]\njobs:\n  security:\n    uses: acme/security/.github/workflows/rampart.yml@v1\n',
    });
    expect(sites(report, 'pipeline-template')).toEqual([
      '.github/workflows/ci.yml:4 job `security` calls the template at `v1`, but the policy requires ref `v2*`.',
    ]);
  });

  it('reports a missing call at the `jobs:` of the workflow that runs on pull requests', async () => {
    const report = await evaluate(GITHUB, {
      '.github/workflows/a-release.yml':
        'on:\n  release: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n',
      '.github/workflows/ci.yml':
        'name: ci\non: [pull_request]\n\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/security/.github/workflows/rampart.yml@v2\n',
    });
    expect(sites(report, 'pipeline-template')).toEqual([
      ".github/workflows/ci.yml:4 No workflow calls the organisation's template acme/security/.github/workflows/rampart.yml.",
    ]);
    expect(report.check('pipeline-template').violations[0]?.remediation).toContain(
      'uses: acme/security/.github/workflows/rampart.yml@v2',
    );
  });

  it('fails a repository without CI, pointing at `pavedRoad:` in rampart.yml', async () => {
    const report = await evaluate(GITHUB, {
      'rampart.yml': 'version: 1\nfailOn: high\npavedRoad: ./paved-road.yml\n',
    });
    expect(sites(report, 'pipeline-template')).toEqual([
      'rampart.yml:3 The repository has no CI pipeline (no .github/workflows/ and no .gitlab-ci.yml), so nothing runs the paved-road pipeline.',
    ]);
  });

  it('does not judge a GitLab repository against a GitHub-only policy', async () => {
    const report = await evaluate(GITHUB, { '.gitlab-ci.yml': 'test:\n  script: [make]\n' });
    expect(report.check('pipeline-template')).toMatchObject({
      status: 'not-applicable',
      summary: 'the policy has no template for GitLab CI',
    });
  });
});

describe('pipeline-template (GitLab CI)', () => {
  const policy = (template: string) => `version: 1\npipeline:\n  gitlab:\n${template}`;

  it.each([
    [
      'project and file',
      '    project: acme/ci-templates\n    file: /rampart.gitlab-ci.yml\n',
      'include:\n  - project: Acme/ci-templates\n    ref: v3\n    file:\n      - rampart.gitlab-ci.yml\n',
    ],
    [
      'a remote URL',
      '    remote: https://gitlab.acme.io/ci/rampart.yml\n',
      'include: https://gitlab.acme.io/ci/rampart.yml\n',
    ],
    [
      'a component at any version',
      '    component: gitlab.acme.io/ci/rampart\n',
      'include:\n  - component: gitlab.acme.io/ci/rampart@1.4.0\n',
    ],
  ])('passes an include of %s', async (_, template, include) => {
    const report = await evaluate(policy(template), {
      '.gitlab-ci.yml': `${include}test:\n  script: [make]\n`,
    });
    expect(report.check('pipeline-template').status).toBe('pass');
  });

  it('reports a missing include at the `include:` line', async () => {
    const report = await evaluate(
      policy('    project: acme/ci-templates\n    file: rampart.gitlab-ci.yml\n'),
      {
        '.gitlab-ci.yml':
          'stages: [test]\ninclude:\n  - local: ci/other.yml\ntest:\n  script: [make]\n',
      },
    );
    expect(sites(report, 'pipeline-template')).toEqual([
      ".gitlab-ci.yml:2 The GitLab CI configuration does not include the organisation's template.",
    ]);
  });
});

const SCANNERS = 'version: 1\nscanners: [sast, secrets, sca, iac]\n';

describe('required-scanners', () => {
  it('reports scanners left out of rampart.yml and of a CI invocation, each on its line', async () => {
    const report = await evaluate(SCANNERS, {
      'rampart.yml': 'version: 1\nscanners: [sast, secrets]\n',
      '.github/workflows/ci.yml':
        'on: [pull_request]\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      # rampart scan --scanners sast is an old comment\n      - run: npx rampart scan --scanners sast,secrets,sca --format sarif\n',
    });
    expect(sites(report, 'required-scanners')).toEqual([
      'rampart.yml:2 `scanners:` leaves out sca, iac, which the paved road requires.',
      '.github/workflows/ci.yml:7 This `rampart scan` leaves out iac, which the paved road requires.',
    ]);
  });

  it('passes invocations that run every scanner or list them all', async () => {
    const report = await evaluate(SCANNERS, {
      '.gitlab-ci.yml':
        'rampart:\n  script:\n    - npx @rampart/cli scan --scanners=iac,sca,secrets,sast\n    - rampart scan\n',
    });
    expect(report.check('required-scanners')).toMatchObject({
      status: 'pass',
      summary: 'sast, secrets, sca, iac run (2 rampart scans in CI)',
    });
  });

  it('fails when no CI job runs Rampart, and passes when the template does', async () => {
    const noScan = await evaluate(SCANNERS, {
      'rampart.yml': 'version: 1\npavedRoad: paved-road.yml\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n',
    });
    expect(sites(noScan, 'required-scanners')).toEqual([
      "rampart.yml:2 No CI job runs `rampart scan` (nor the organisation's template), so sast, secrets, sca, iac never run in CI.",
    ]);
    const template = await evaluate(`${SCANNERS}${GITHUB.replace('version: 1\n', '')}`, {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  t:\n    uses: acme/security/.github/workflows/rampart.yml@v2\n',
    });
    expect(template.check('required-scanners')).toMatchObject({
      status: 'pass',
      summary: 'sast, secrets, sca, iac run through the template',
    });
  });

  it('does not count SAST without its built-in rules', async () => {
    const report = await evaluate(SCANNERS, {
      'rampart.yml': 'version: 1\nsast:\n  builtInRules: false\n',
      '.gitlab-ci.yml': 'r:\n  script: rampart scan\n',
    });
    expect(sites(report, 'required-scanners')).toEqual([
      'rampart.yml:3 `sast.builtInRules: false` turns off the built-in SAST rules, which the paved road requires.',
    ]);
  });
});

describe('the score and the findings', () => {
  it('is the share of applicable checks that pass, and 100 when none applies', async () => {
    const report = await evaluate(`${IMAGES}${LIBRARIES.replace('version: 1\n', '')}`, {
      Dockerfile: 'FROM registry.acme.io/node:20\n',
      'package-lock.json': lockfile({ request: '2.88.2', express: '5.0.0' }),
    });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['base-image', 'pass'],
      ['base-image-digest', 'not-applicable'],
      ['banned-library', 'fail'],
      ['library-version', 'pass'],
      ['pipeline-template', 'not-applicable'],
      ['required-scanners', 'not-applicable'],
    ]);
    expect(report).toMatchObject({ score: 67, passed: 2, failed: 1, notApplicable: 3 });
    expect(report.policy).toEqual({ name: undefined, source: 'paved-road.yml', docs: undefined });
    expect((await evaluate('version: 1\n', {})).score).toBe(100);
  });

  it('turns violations into valid findings: code and package locations, the policy docs linked', async () => {
    const policy = `${IMAGES}docs: https://wiki.acme.io/paved-road\n${LIBRARIES.replace('version: 1\n', '')}`;
    const report = await evaluate(policy, {
      Dockerfile: 'FROM node:20\n',
      'package-lock.json': lockfile({ request: '2.88.2' }),
    });
    const drafts = await reportDrafts(report, (path) =>
      import('node:fs/promises').then((fs) => fs.readFile(join(dir, path), 'utf8')),
    );
    for (const draft of drafts) expect(FindingDraftSchema.safeParse(draft).success).toBe(true);
    expect(drafts.map((d) => [d.ruleId, d.location.kind, d.references])).toEqual([
      ['paved-road/base-image', 'code', ['https://wiki.acme.io/paved-road']],
      ['paved-road/banned-library', 'package', ['https://wiki.acme.io/paved-road']],
    ]);
    expect(drafts[0]?.location).toMatchObject({
      path: 'Dockerfile',
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 13 },
      snippet: 'FROM node:20',
    });
  });
});
