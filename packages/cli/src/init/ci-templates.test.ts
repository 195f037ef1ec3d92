import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScanTarget } from '@rampart/core';
import { collectRepositoryFacts } from '@rampart/iac/posture';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';
import { RAMPART_VERSION } from '../version.js';
import { DEFAULT_GITLAB_IMAGE, githubWorkflow, gitlabPipeline } from './ci-templates.js';

const docs = await readFile(new URL('../../../../docs/ci.md', import.meta.url), 'utf8');

/** The YAML code blocks of docs/ci.md, parsed. */
const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
  (m) => parse(m[1] ?? '') as unknown,
);

const options = { cli: '@rampart/cli@0.1.0', defaultBranch: 'main' };

describe('the pipelines docs/ci.md shows', () => {
  it('are the ones `rampart init` writes (docs stay true)', () => {
    expect(blocks).toContainEqual(parse(githubWorkflow(options)));
    expect(blocks).toContainEqual(
      parse(gitlabPipeline({ ...options, image: DEFAULT_GITLAB_IMAGE })),
    );
  });

  it('run the version of the CLI that wrote them', () => {
    expect(githubWorkflow({ ...options, cli: `@rampart/cli@${RAMPART_VERSION}` })).toContain(
      `npx --yes @rampart/cli@${RAMPART_VERSION} scan`,
    );
  });
});

describe("the pipelines `rampart init --ci` writes pass the hub's posture checks", () => {
  /** Runs `rampart init --ci <ci>` in a new folder (after `before`), then reads its facts. */
  async function factsAfterInit(ci: 'github' | 'gitlab', before: Record<string, string> = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-init-ci-'));
    try {
      for (const [path, text] of Object.entries(before)) await writeFile(join(dir, path), text);
      expect(await runCli(['init', '--ci', ci], { io: captureIo(dir) })).toBe(0);
      return await collectRepositoryFacts(await createScanTarget(dir, { gitFacts: false }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('GitHub: Rampart on pull requests and the default branch, SARIF uploaded', async () => {
    const facts = await factsAfterInit('github');
    expect(facts.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(facts.sarifUpload).toBe('.github/workflows/rampart.yml');
    expect(facts.actions).toMatchObject({ unpinned: 0 });
  });

  it("GitLab: the same, with the Rampart job's JUnit report as the published results", async () => {
    const facts = await factsAfterInit('gitlab');
    expect(facts.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(facts.sarifUpload).toBe('.gitlab-ci.yml');
  });

  it('GitLab: also as the file an existing .gitlab-ci.yml includes', async () => {
    const facts = await factsAfterInit('gitlab', {
      '.gitlab-ci.yml': 'include:\n  - local: .gitlab/ci/rampart.yml\n',
    });
    expect(facts.rampartInCi).toEqual({ pullRequests: true, defaultBranch: true });
    expect(facts.sarifUpload).toBe('.gitlab/ci/rampart.yml');
  });
});
