import { readFileSync } from 'node:fs';
import { parsePolicy } from '@rampart/iac/paved-road';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { buildTestOrg, type TestOrg, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import {
  applyPolicyOps,
  InvalidPolicyError,
  MAX_POLICY_BYTES,
  type PolicyOp,
  sha256Hex,
  validatePolicy,
} from './catalog-policy.js';
import {
  createTemplateVersion,
  currentRevision,
  latestTemplates,
  listRevisions,
  listTemplates,
  patchPolicy,
  revisionBySha256,
  revisionDetail,
  savePolicy,
  setTemplateDeprecated,
  templateVersions,
} from './catalog-store.js';
import { catalogDb } from './catalog-tables.js';
import { compareSemver, pathProblem, templateProvides } from './catalog-templates.js';

const EXAMPLE = readFileSync(
  new URL('../../../../examples/paved-road.yml', import.meta.url),
  'utf8',
);

/** The error a call throws (fails the test when it does not). */
async function failure(run: () => unknown): Promise<ApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('policy validation', () => {
  it('accepts the example policy', () => {
    expect(() => validatePolicy(EXAMPLE)).not.toThrow();
  });

  it('names the line and column of a YAML error', async () => {
    const error = await failure(() => validatePolicy('version: 1\nname: x\nscanners: [sast\n'));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('INVALID_POLICY');
    expect((error as InvalidPolicyError).details.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^line \d+, column \d+: invalid YAML/);
  });

  it('names the line of an unknown key', async () => {
    const error = (await failure(() =>
      validatePolicy('version: 1\nname: x\nbaseImages:\n  aproved: []\n'),
    )) as InvalidPolicyError;
    expect(error.details).toEqual({ line: 4, column: 3 });
    expect(error.message).toMatch(/^line 4, column 3: .*aproved/);
  });

  it('refuses an empty policy and one over 1 MiB', async () => {
    expect((await failure(() => validatePolicy('  \n'))).code).toBe('INVALID_POLICY');
    const big = `version: 1\nname: ${'x'.repeat(MAX_POLICY_BYTES)}\n`;
    const error = await failure(() => validatePolicy(big));
    expect([error.statusCode, error.code]).toEqual([413, 'POLICY_TOO_LARGE']);
  });
});

describe('policy edits (applyPolicyOps)', () => {
  it('keeps comments and order while setting, appending and deleting', () => {
    const next = applyPolicyOps(EXAMPLE, [
      { op: 'set', path: ['name'], value: 'Acme road v2' },
      {
        op: 'append',
        path: ['libraries', 'npm', 'banned'],
        value: { name: 'request', replacement: 'undici' },
      },
      { op: 'delete', path: ['libraries', 'PyPI', 'approved', 0] },
      { op: 'append', path: ['libraries', 'Go', 'banned'], value: { name: 'github.com/x/y' } },
    ]);
    expect(next).toContain('# An example organisation');
    expect(next).toContain('name: Acme road v2');
    expect(next).toContain('- name: request');
    expect(next).not.toContain('Django');
    expect(next.indexOf('version: 1')).toBeLessThan(next.indexOf('baseImages:'));
    expect(() => validatePolicy(next)).not.toThrow();
    const policy = parsePolicy(next, 'p.yml');
    expect(policy.banned.map((b) => b.name)).toEqual(
      expect.arrayContaining(['lodash', 'request', 'PyYAML', 'github.com/x/y']),
    );
  });

  it('refuses to delete what is not there or to append to a non-list', async () => {
    expect(
      (await failure(() => applyPolicyOps(EXAMPLE, [{ op: 'delete', path: ['nope'] }]))).code,
    ).toBe('INVALID_PATCH');
    expect(
      (await failure(() => applyPolicyOps(EXAMPLE, [{ op: 'append', path: ['name'], value: 1 }])))
        .code,
    ).toBe('INVALID_PATCH');
    expect(
      (
        await failure(() =>
          applyPolicyOps(EXAMPLE, [{ op: 'set', path: ['name', 'deeper'], value: 1 }]),
        )
      ).code,
    ).toBe('INVALID_PATCH');
  });

  it('refuses to set a list item beyond the end of the list', async () => {
    const error = await failure(() =>
      applyPolicyOps('version: 1\nscanners: [sast]\n', [
        { op: 'set', path: ['scanners', 3], value: 'iac' },
      ]),
    );
    expect(error.code).toBe('INVALID_PATCH');
    expect(
      applyPolicyOps('version: 1\nscanners: [sast]\n', [
        { op: 'set', path: ['scanners', 1], value: 'iac' },
      ]),
    ).toBe('version: 1\nscanners: [sast, iac]\n');
  });

  it('refuses an index that would pad a new or nested list with nulls', async () => {
    // yaml fills the gap with nulls: one op would build a document of 100 000 items.
    for (const path of [
      ['libraries', 100_000],
      ['scanners', 100_000],
      ['baseImages', 'approved', 0, 'tags', 100_000],
      ['a', 5, 'b'],
    ]) {
      const error = await failure(() =>
        applyPolicyOps('version: 1\nscanners: [sast]\n', [{ op: 'set', path, value: 'x' }]),
      );
      expect(error.code, JSON.stringify(path)).toBe('INVALID_PATCH');
      expect(
        (
          await failure(() =>
            applyPolicyOps('version: 1\n', [{ op: 'append', path: [...path, 'x'], value: 1 }]),
          )
        ).code,
      ).toBe('INVALID_PATCH');
    }
    expect(
      applyPolicyOps('version: 1\n', [{ op: 'set', path: ['scanners', 0], value: 'sast' }]),
    ).toBe('version: 1\nscanners:\n  - sast\n');
  });

  it('builds a policy from nothing', () => {
    const next = applyPolicyOps('', [
      { op: 'set', path: ['version'], value: 1 },
      { op: 'append', path: ['scanners'], value: 'sast' },
    ]);
    expect(parsePolicy(next, 'p.yml').file.scanners).toEqual(['sast']);
  });
});

describe('templates', () => {
  it('computes what a template provides from its files', () => {
    expect(
      templateProvides([
        {
          path: '.github/workflows/rampart.yml',
          content: 'run: npx rampart scan\n- uses: github/codeql-action/upload-sarif@v3',
        },
        { path: '.github/dependabot.yml', content: 'version: 2' },
        { path: 'SECURITY.md', content: '# Security' },
        { path: '.github/CODEOWNERS', content: '* @acme/sec' },
        { path: 'rampart.yml', content: 'pavedRoad: {{policyUrl}}\n' },
        {
          path: '.pre-commit-config.yaml',
          content:
            'repos:\n  - repo: local\n    hooks:\n      - id: rampart-secrets\n        entry: rampart scan --staged --scanners secrets\n',
        },
        { path: 'threatmodel.yml', content: 'version: 1' },
      ]),
    ).toEqual([
      'rampart-on-pull-requests',
      'rampart-on-default-branch',
      'pipeline-template',
      'sarif-upload',
      'secrets-hook',
      'dependency-updates',
      'security-policy',
      'codeowners',
      'threat-model',
      'paved-road-policy',
    ]);
    expect(templateProvides([{ path: '.gitlab-ci.yml', content: 'script: make' }])).toEqual([]);
    // GitLab reads no SARIF: the Rampart job's JUnit report is what the merge request shows.
    const gitlabJob = (reports: string) =>
      `rampart:\n  script:\n    - npx @rampart/cli@0.1.0 scan --format junit --output rampart.xml\n  artifacts:\n    reports:\n${reports}`;
    expect(
      templateProvides([
        { path: '.gitlab-ci.yml', content: gitlabJob('      junit: rampart.xml\n') },
      ]),
    ).toEqual([
      'rampart-on-pull-requests',
      'rampart-on-default-branch',
      'pipeline-template',
      'sarif-upload',
    ]);
    expect(templateProvides([{ path: '.gitlab-ci.yml', content: gitlabJob('') }])).not.toContain(
      'sarif-upload',
    );
    expect(
      templateProvides([
        {
          path: '.gitlab-ci.yml',
          content: 'test:\n  artifacts:\n    reports:\n      junit: t.xml\n',
        },
      ]),
    ).toEqual([]);
    expect(templateProvides([{ path: 'rampart.yml', content: 'scanners: [sast]' }])).toEqual([]);
    // A file counts as the scan's facts count it: a hook config that runs no secret scan
    // provides nothing; SECURITY.md only where GitHub (and the scan) look for it.
    expect(templateProvides([{ path: '.pre-commit-config.yaml', content: 'repos: []' }])).toEqual(
      [],
    );
    expect(templateProvides([{ path: 'src/SECURITY.md', content: '# Security' }])).toEqual([]);
    expect(templateProvides([{ path: '.gitlab/renovate.json5', content: '{}' }])).toEqual([
      'dependency-updates',
    ]);
    expect(templateProvides([{ path: 'renovate.json', content: '{}' }])).toEqual([
      'dependency-updates',
    ]);
  });

  it('refuses paths outside the repository or ambiguous', () => {
    for (const bad of [
      '',
      '/etc/passwd',
      '../x',
      'a/../../x',
      'a//b',
      'a/',
      'a\\b',
      'C:/x',
      './a',
      'a/./b',
      'a\nb',
      // What `rampart init` refuses, the hub refuses: hooks in .git/ run on the next commit.
      '.git/hooks/pre-commit',
      'sub/.GIT/config',
      '.git./hooks/post-checkout',
      'GIT~1/hooks/pre-commit',
      'a:b',
    ]) {
      expect(pathProblem(bad), JSON.stringify(bad)).toBeDefined();
    }
    for (const good of [
      'SECURITY.md',
      '.github/workflows/rampart.yml',
      'a/b..c/d',
      '.gitignore',
      '.github/x',
    ]) {
      expect(pathProblem(good), good).toBeUndefined();
    }
  });

  it('orders versions numerically', () => {
    expect(['1.10.0', '1.2.0', '1.9.3', '0.1.0'].sort(compareSemver)).toEqual([
      '0.1.0',
      '1.2.0',
      '1.9.3',
      '1.10.0',
    ]);
  });
});

describe.each(TEST_DIALECTS)('the catalog store on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let org: TestOrg;
  const clock = testClock();

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
  });
  afterAll(async () => drop());

  const actor = () => ({ actorId: org.security.id, now: clock.now() });

  it('stores revisions, finds them by hash and audit-logs each', async () => {
    expect(await currentRevision(hub)).toBeUndefined();
    const first = await savePolicy(hub, { yaml: EXAMPLE, baseRevision: null, ...actor() });
    expect(first).toEqual({ revision: 1, created: true });
    expect(await savePolicy(hub, { yaml: EXAMPLE, baseRevision: 1, ...actor() })).toEqual({
      revision: 1,
      created: false,
    });
    const current = await currentRevision(hub.db);
    expect(current).toMatchObject({ revision: 1, yaml: EXAMPLE, sha256: sha256Hex(EXAMPLE) });
    expect(await revisionBySha256(hub, sha256Hex(EXAMPLE))).toEqual({ revision: 1 });
    expect(await revisionBySha256(hub.db, sha256Hex('nope'))).toBeUndefined();
    clock.advance(1000);
    const second = await patchPolicy(hub, {
      ops: [{ op: 'set', path: ['name'], value: 'Road 2' }],
      comment: 'rename',
      baseRevision: 1,
      ...actor(),
    });
    expect(second).toEqual({ revision: 2, created: true });
    const audit = await hub.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('target_type', '=', 'paved_road')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'paved-road.policy.update', target_id: '1' },
      { action: 'paved-road.policy.patch', target_id: '2' },
    ]);
    const history = await listRevisions(hub);
    expect(history.map((r) => [r.revision, r.added, r.removed, r.comment])).toEqual([
      [2, 1, 1, 'rename'],
      [1, EXAMPLE.split('\n').length - 1, 0, null],
    ]);
    const detail = await revisionDetail(hub, 2);
    expect(detail.diffTooLarge).toBe(false);
    expect(detail.diff?.filter((d) => d.kind !== 'same')).toEqual([
      { kind: 'remove', text: 'name: Acme paved road\n' },
      { kind: 'add', text: 'name: Road 2\n' },
    ]);
  });

  it('lets exactly one of two concurrent writers on the same base win', async () => {
    const base = (await currentRevision(hub))?.revision ?? null;
    const results = await Promise.allSettled(
      ['A', 'B'].map((tag) =>
        savePolicy(hub, {
          yaml: `version: 1\nname: writer ${tag}\n`,
          baseRevision: base,
          ...actor(),
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
      statusCode: 409,
      code: 'STALE_REVISION',
    });
    expect((await currentRevision(hub))?.revision).toBe((base ?? 0) + 1);
  });

  it('never stores a policy the CLI would refuse, whatever the edits', async () => {
    const key = fc.constantFrom(
      'version',
      'name',
      'docs',
      'baseImages',
      'registries',
      'approved',
      'requireDigest',
      'image',
      'digest',
      'libraries',
      'npm',
      'PyPI',
      'banned',
      'versions',
      'replacement',
      'pipeline',
      'github',
      'workflow',
      'scanners',
      'bogus',
    );
    const segment = fc.oneof(key, key, key, fc.integer({ min: 0, max: 2 }));
    // Mostly paths of the format (valid or nearly), some random ones.
    const known = fc.constantFrom<(string | number)[]>(
      ['name'],
      ['docs'],
      ['scanners'],
      ['scanners', 0],
      ['baseImages', 'registries'],
      ['baseImages', 'requireDigest'],
      ['baseImages', 'approved'],
      ['baseImages', 'approved', 0],
      ['libraries', 'npm', 'banned'],
      ['libraries', 'npm', 'banned', 0],
      ['libraries', 'npm', 'approved'],
      ['libraries', 'PyPI', 'banned'],
      ['pipeline', 'github', 'workflow'],
    );
    const path = fc.oneof(
      { arbitrary: known, weight: 4 },
      { arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }), weight: 1 },
    );
    const value = fc.oneof(
      fc.constantFrom(1, 2, true, 'sast', 'lodash', '<1.0', '>=2', 'https://x.example', null),
      fc.string({ maxLength: 8 }),
      fc.array(fc.constantFrom('sast', 'secrets', 'nope'), { maxLength: 3 }),
      fc.record({
        name: fc.constantFrom('lodash', 'x'),
        versions: fc.constantFrom('*', '<2', '~'),
      }),
      fc.record({ image: fc.constantFrom('node', 'cgr.dev/x') }),
    );
    const op: fc.Arbitrary<PolicyOp> = fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        path,
        value,
      }),
      fc.record({
        op: fc.constant('append' as const),
        path,
        value,
      }),
      fc.record({
        op: fc.constant('delete' as const),
        path,
      }),
    );
    // Self-contained: the edits start from a valid policy, whichever tests ran before.
    const start = await currentRevision(hub);
    await savePolicy(hub, { yaml: EXAMPLE, baseRevision: start?.revision ?? null, ...actor() });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 4 }), async (ops) => {
        const base = (await currentRevision(hub))?.revision ?? null;
        try {
          const result = await patchPolicy(hub, { ops, baseRevision: base, ...actor() });
          if (result.created) stored++;
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect([400, 413]).toContain((error as ApiError).statusCode);
          expect(['INVALID_POLICY', 'INVALID_PATCH', 'POLICY_TOO_LARGE']).toContain(
            (error as ApiError).code,
          );
        }
        const current = await currentRevision(hub);
        expect(() => parsePolicy(current?.yaml ?? '', 'p.yml')).not.toThrow();
      }),
      { numRuns: 150 },
    );
    // Every stored revision, not only the last, passes the parser.
    const all = await catalogDb(hub.db).selectFrom('paved_road_revisions').select('yaml').execute();
    for (const row of all) expect(() => parsePolicy(row.yaml, 'p.yml')).not.toThrow();
    expect(stored).toBeGreaterThan(0);
  });

  it('picks the latest non-deprecated template version by semver', async () => {
    const files = [{ path: 'SECURITY.md', content: '# Security\n' }];
    for (const version of ['1.2.0', '1.10.0', '1.9.0']) {
      await createTemplateVersion(hub, {
        name: 'svc',
        version,
        ci: 'github',
        description: `svc ${version}`,
        files,
        ...actor(),
      });
    }
    expect(await latestTemplates(hub)).toEqual([
      {
        name: 'svc',
        version: '1.10.0',
        ci: 'github',
        description: 'svc 1.10.0',
        provides: ['security-policy'],
      },
    ]);
    await setTemplateDeprecated(hub, {
      name: 'svc',
      version: '1.10.0',
      deprecated: true,
      ...actor(),
    });
    expect((await latestTemplates(hub.db)).map((t) => t.version)).toEqual(['1.9.0']);
    await setTemplateDeprecated(hub, { name: 'svc', deprecated: true, ...actor() });
    expect(await latestTemplates(hub)).toEqual([]);
  });

  it("lists templates from the stored paths, never the files' contents", async () => {
    await createTemplateVersion(hub, {
      name: 'paths',
      version: '1.0.0',
      ci: 'any',
      description: 'two files',
      files: [
        { path: 'SECURITY.md', content: '# Security\n' },
        { path: '.github/CODEOWNERS', content: '* @acme/team\n' },
      ],
      ...actor(),
    });
    const stored = await catalogDb(hub.db)
      .selectFrom('paved_road_templates')
      .select('paths')
      .where('name', '=', 'paths')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.paths)).toEqual(['SECURITY.md', '.github/CODEOWNERS']);
    // The lists read `paths` only: a version whose contents no longer parse still lists.
    await catalogDb(hub.db)
      .updateTable('paved_road_templates')
      .set({ files: 'not JSON' })
      .where('name', '=', 'paths')
      .execute();
    const listed = (await listTemplates(hub)).find((t) => t.name === 'paths');
    expect(listed?.paths).toEqual(['SECURITY.md', '.github/CODEOWNERS']);
    expect((await templateVersions(hub, 'paths')).map((v) => v.paths)).toEqual([
      ['SECURITY.md', '.github/CODEOWNERS'],
    ]);
  });

  it('stores the line counts with each revision; the history never reads the texts', async () => {
    const start = (await currentRevision(hub))?.revision ?? null;
    const saved = await savePolicy(hub, {
      yaml: `${EXAMPLE}# one more line\n`,
      comment: 'counts',
      baseRevision: start,
      ...actor(),
    });
    const row = await catalogDb(hub.db)
      .selectFrom('paved_road_revisions')
      .select(['added', 'removed'])
      .where('revision', '=', saved.revision)
      .executeTakeFirstOrThrow();
    const stored = { added: Number(row.added), removed: Number(row.removed) };
    expect(stored.added).toBeGreaterThan(0);
    const listed = (await listRevisions(hub)).find((r) => r.revision === saved.revision);
    expect({ added: listed?.added, removed: listed?.removed }).toEqual(stored);
    // Counted when saved: rewriting a stored text (which nothing does) does not change them.
    await catalogDb(hub.db)
      .updateTable('paved_road_revisions')
      .set({ added: 41, removed: 42 })
      .where('revision', '=', saved.revision)
      .execute();
    expect((await listRevisions(hub)).find((r) => r.revision === saved.revision)).toMatchObject({
      added: 41,
      removed: 42,
    });
  });

  it('gives up on a diff too large to compute: diff null, diffTooLarge, counts still stored', async () => {
    // Two policies of 1500 banned libraries each, no name in common: 3000 changed lines, beyond
    // the diff's edit limit (unbounded, jsdiff takes tens of seconds on this).
    const banned = (prefix: string) =>
      `version: 1\nname: Large\nlibraries:\n  npm:\n    banned:\n${Array.from(
        { length: 1500 },
        (_, i) => `      - name: ${prefix}-lib-${i}\n        reason: replaced\n`,
      ).join('')}`;
    const base = (await currentRevision(hub))?.revision ?? null;
    const first = await savePolicy(hub, {
      yaml: banned('old'),
      baseRevision: base,
      ...actor(),
    });
    const started = performance.now();
    const second = await savePolicy(hub, {
      yaml: banned('new'),
      baseRevision: first.revision,
      ...actor(),
    });
    const detail = await revisionDetail(hub, second.revision);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(detail).toMatchObject({ revision: second.revision, diff: null, diffTooLarge: true });
    // The fallback counts the lines one text lacks: the 1500 old names out, the new ones in
    // (the `reason` lines are in both).
    const listed = (await listRevisions(hub)).find((r) => r.revision === second.revision);
    expect(listed).toMatchObject({ added: 1500, removed: 1500 });
  }, 60_000);
});
