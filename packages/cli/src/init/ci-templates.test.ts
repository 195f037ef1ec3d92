import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
