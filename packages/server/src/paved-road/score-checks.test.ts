import type { PavedRoadOutcome, RepositoryFacts } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import {
  type CheckResult,
  evaluateScorecard,
  type HubEvidence,
  POSTURE_CHECKS,
  type ScorecardInput,
  scoreOf,
  storedResults,
} from './score-checks.js';

/** A repository that keeps every promise. */
const SAFE: RepositoryFacts = {
  ci: ['github'],
  rampartInCi: { pullRequests: true, defaultBranch: true },
  sarifUpload: '.github/workflows/rampart.yml',
  secretsHook: { kind: 'pre-commit', path: '.pre-commit-config.yaml' },
  actions: { thirdParty: 2, unpinned: 0, examples: [] },
  dependencyUpdates: { tool: 'dependabot', path: '.github/dependabot.yml' },
  securityPolicy: 'SECURITY.md',
  codeowners: '.github/CODEOWNERS',
  threatModel: 'threatmodel.yml',
  internetFacing: true,
  linesOfCode: 12_000,
};

/** A repository that keeps none. */
const BARE: RepositoryFacts = {
  ci: [],
  rampartInCi: { pullRequests: false, defaultBranch: false },
  sarifUpload: null,
  secretsHook: null,
  actions: {
    thirdParty: 3,
    unpinned: 2,
    examples: [{ uses: 'acme/deploy@v1', path: '.github/workflows/ci.yml', line: 12 }],
  },
  dependencyUpdates: null,
  securityPolicy: null,
  codeowners: null,
  threatModel: null,
  linesOfCode: 800,
};

const SHA = 'a'.repeat(64);

const HUB: HubEvidence = {
  prScansIn30Days: 0,
  mainScansIn30Days: 0,
  hubThreatModel: false,
  hubModelInternetFacing: false,
  exposure: 'unknown',
  catalog: { currentRevision: 3, matchedRevision: 3 },
};

const ROAD: PavedRoadOutcome = {
  policy: { source: 'https://hub.example/api/v1/paved-road.yml', sha256: SHA },
  score: 50,
  checks: [
    {
      id: 'base-image',
      status: 'fail',
      summary: '1 of 1 base image not approved',
      violationCount: 2,
      violations: [
        {
          message: 'node:latest is not approved',
          remediation: 'Use `cgr.dev/chainguard/node:20` instead of `node:latest`.',
        },
        {
          message: 'node:latest is not approved',
          remediation: 'Use `cgr.dev/chainguard/node:20` instead of `node:latest`.',
        },
      ],
    },
    {
      id: 'banned-library',
      status: 'fail',
      summary: '1 banned dependency',
      violationCount: 1,
      violations: [
        { message: 'request is banned', remediation: 'Replace `request` with `undici`.' },
      ],
    },
    { id: 'library-version', status: 'pass', summary: 'ok', violationCount: 0, violations: [] },
    {
      id: 'pipeline-template',
      status: 'not-applicable',
      summary: 'no template',
      violationCount: 0,
      violations: [],
    },
  ],
};

function check(
  input: Partial<ScorecardInput> & { facts?: RepositoryFacts },
  id: string,
): CheckResult {
  const card = evaluateScorecard({ facts: SAFE, hub: HUB, ...input });
  const found = card.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('evaluateScorecard', () => {
  it('lists the posture checks in order, then the paved-road checks', () => {
    const card = evaluateScorecard({ facts: SAFE, pavedRoad: ROAD, hub: HUB });
    expect(card.checks.map((c) => c.id)).toEqual([
      ...POSTURE_CHECKS,
      'paved-road/base-image',
      'paved-road/banned-library',
      'paved-road/library-version',
      'paved-road/pipeline-template',
    ]);
    expect(card.checks.map((c) => c.source)).toEqual([
      ...POSTURE_CHECKS.map(() => 'posture'),
      'paved-road',
      'paved-road',
      'paved-road',
      'paved-road',
    ]);
  });

  it('passes every posture check of a repository on the road, with no fixes', () => {
    const card = evaluateScorecard({
      facts: SAFE,
      pavedRoad: { ...ROAD, checks: [] },
      hub: { ...HUB, exposure: 'internet' },
    });
    expect(card.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(card.checks.every((c) => c.fix === null)).toBe(true);
    expect(card).toMatchObject({ score: 100, passed: 10, failed: 0, notApplicable: 0 });
  });

  it('fails every posture check of a bare repository (threat model when internet-facing)', () => {
    const card = evaluateScorecard({ facts: BARE, hub: { ...HUB, exposure: 'internet' } });
    const statuses = Object.fromEntries(card.checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      'rampart-on-pull-requests': 'fail',
      'rampart-on-default-branch': 'fail',
      'sarif-upload': 'fail',
      'secrets-hook': 'fail',
      'actions-pinned': 'fail',
      'dependency-updates': 'fail',
      'security-policy': 'fail',
      codeowners: 'fail',
      'threat-model': 'fail',
      'paved-road-policy': 'fail',
    });
    expect(card.score).toBe(0);
    for (const c of card.checks) {
      expect(c.fix?.docs).toBe(`docs/hub-paved-road-scores.md#${c.id}`);
      expect(c.fix?.text.length).toBeGreaterThan(10);
    }
  });

  describe('rampart-on-pull-requests and rampart-on-default-branch', () => {
    it('pass on a recent scan of the stage alone, and say so', () => {
      const facts = { ...BARE };
      const pr = check({ facts, hub: { ...HUB, prScansIn30Days: 2 } }, 'rampart-on-pull-requests');
      expect(pr.status).toBe('pass');
      expect(pr.summary).toBe('2 pr scans received in the last 30 days');
      const main = check(
        { facts, hub: { ...HUB, mainScansIn30Days: 1 } },
        'rampart-on-default-branch',
      );
      expect(main).toMatchObject({
        status: 'pass',
        summary: '1 main scan received in the last 30 days',
      });
    });
    it('pass on the CI files alone, and say so', () => {
      const pr = check(
        { facts: { ...BARE, rampartInCi: { pullRequests: true, defaultBranch: false } } },
        'rampart-on-pull-requests',
      );
      expect(pr.status).toBe('pass');
      expect(pr.summary).toMatch(/^the CI files run Rampart on pull requests/);
      const main = check(
        { facts: { ...BARE, rampartInCi: { pullRequests: true, defaultBranch: false } } },
        'rampart-on-default-branch',
      );
      expect(main.status).toBe('fail');
    });
    it('fail with neither', () => {
      const pr = check({ facts: BARE }, 'rampart-on-pull-requests');
      expect(pr.status).toBe('fail');
      expect(pr.summary).toMatch(/no pr scan/);
    });
  });

  it.each([
    ['sarif-upload', { sarifUpload: null }],
    ['secrets-hook', { secretsHook: null }],
    ['dependency-updates', { dependencyUpdates: null }],
    ['security-policy', { securityPolicy: null }],
    ['codeowners', { codeowners: null }],
  ] as const)('%s passes with its file and fails without', (id, missing) => {
    const ok = check({ facts: SAFE }, id);
    expect(ok.status).toBe('pass');
    expect(ok.fix).toBeNull();
    const bad = check({ facts: { ...SAFE, ...missing } }, id);
    expect(bad.status).toBe('fail');
    expect(bad.fix).not.toBeNull();
  });

  it('actions-pinned: not applicable without third-party actions, fails with an unpinned one', () => {
    expect(
      check(
        { facts: { ...SAFE, actions: { thirdParty: 0, unpinned: 0, examples: [] } } },
        'actions-pinned',
      ).status,
    ).toBe('not-applicable');
    expect(check({ facts: SAFE }, 'actions-pinned').status).toBe('pass');
    const bad = check({ facts: BARE }, 'actions-pinned');
    expect(bad.status).toBe('fail');
    expect(bad.summary).toBe(
      '2 of 3 third-party actions not pinned to a commit SHA (e.g. acme/deploy@v1 at .github/workflows/ci.yml:12)',
    );
  });

  describe('threat-model', () => {
    const noModel = { ...SAFE, threatModel: null, internetFacing: undefined };
    it('does not apply to an internal project or one of unknown exposure', () => {
      expect(
        check({ facts: noModel, hub: { ...HUB, exposure: 'internal' } }, 'threat-model').status,
      ).toBe('not-applicable');
      expect(
        check({ facts: noModel, hub: { ...HUB, exposure: 'unknown' } }, 'threat-model').status,
      ).toBe('not-applicable');
    });
    it('applies to an internet-facing project, or when the model says internetFacing', () => {
      expect(
        check({ facts: noModel, hub: { ...HUB, exposure: 'internet' } }, 'threat-model').status,
      ).toBe('fail');
      expect(
        check({ facts: SAFE, hub: { ...HUB, exposure: 'unknown' } }, 'threat-model').status,
      ).toBe('pass');
    });
    it("applies when the hub's model says internetFacing, unless the exposure is internal", () => {
      const hub = { ...HUB, hubThreatModel: true, hubModelInternetFacing: true };
      expect(check({ facts: noModel, hub }, 'threat-model')).toMatchObject({
        status: 'pass',
        summary: 'the threat model stored in the hub marks an element internet-facing',
      });
      expect(
        check({ facts: noModel, hub: { ...hub, exposure: 'internal' } }, 'threat-model').status,
      ).toBe('not-applicable');
    });
    it('passes with a model in the repository or in the hub', () => {
      const hubModel = check(
        { facts: noModel, hub: { ...HUB, exposure: 'internet', hubThreatModel: true } },
        'threat-model',
      );
      expect(hubModel).toMatchObject({
        status: 'pass',
        summary: 'the project is internet-facing; a threat model is stored in the hub',
      });
      expect(
        check(
          {
            facts: { ...noModel, threatModel: 'threatmodel.yml' },
            hub: { ...HUB, exposure: 'internet' },
          },
          'threat-model',
        ).status,
      ).toBe('pass');
    });
  });

  describe('paved-road-policy', () => {
    it('does not apply when the catalog is empty', () => {
      const c = check(
        {
          pavedRoad: ROAD,
          hub: { ...HUB, catalog: { currentRevision: null, matchedRevision: null } },
        },
        'paved-road-policy',
      );
      expect(c.status).toBe('not-applicable');
    });
    it("passes when the scan's policy is a catalog revision (current or older)", () => {
      expect(check({ pavedRoad: ROAD }, 'paved-road-policy').summary).toBe(
        "the catalog's current revision (3)",
      );
      const older = check(
        { pavedRoad: ROAD, hub: { ...HUB, catalog: { currentRevision: 3, matchedRevision: 1 } } },
        'paved-road-policy',
      );
      expect(older).toMatchObject({ status: 'pass', summary: 'catalog revision 1 (current: 3)' });
    });
    it('fails without a policy, or with a policy not in the catalog', () => {
      expect(check({}, 'paved-road-policy').status).toBe('fail');
      const other = check(
        {
          pavedRoad: ROAD,
          hub: { ...HUB, catalog: { currentRevision: 3, matchedRevision: null } },
        },
        'paved-road-policy',
      );
      expect(other.status).toBe('fail');
      expect(other.summary).toMatch(/not a revision of the organisation's catalog/);
    });
  });

  it('takes the paved-road checks as the scan reported them, with their remediations in the fix', () => {
    const card = evaluateScorecard({ facts: SAFE, pavedRoad: ROAD, hub: HUB });
    const base = card.checks.find((c) => c.id === 'paved-road/base-image');
    expect(base).toMatchObject({
      title: 'Approved base images',
      status: 'fail',
      summary: '1 of 1 base image not approved',
    });
    expect(base?.remedies).toEqual(['Use `cgr.dev/chainguard/node:20` instead of `node:latest`.']);
    expect(base?.fix?.text).toContain('cgr.dev/chainguard/node:20');
    expect(base?.fix?.docs).toBe('docs/hub-paved-road-scores.md#paved-road/base-image');
    const banned = card.checks.find((c) => c.id === 'paved-road/banned-library');
    expect(banned?.fix?.text).toContain('Replace `request` with `undici`.');
    expect(card.checks.find((c) => c.id === 'paved-road/library-version')?.fix).toBeNull();
    expect(card.checks.find((c) => c.id === 'paved-road/pipeline-template')?.status).toBe(
      'not-applicable',
    );
  });

  it('names the catalog templates that provide a failing check (paved-road checks by their bare id)', () => {
    const templates = [
      {
        name: 'github-node',
        provides: ['rampart-on-pull-requests', 'pipeline-template', 'sarif-upload'],
      },
      { name: 'repo-hygiene', provides: ['security-policy', 'codeowners'] },
    ];
    const road: PavedRoadOutcome = {
      ...ROAD,
      checks: [
        {
          id: 'pipeline-template',
          status: 'fail',
          summary: 'no template',
          violationCount: 1,
          violations: [],
        },
      ],
    };
    const card = evaluateScorecard({ facts: BARE, pavedRoad: road, hub: HUB, templates });
    const fixOf = (id: string) => card.checks.find((c) => c.id === id)?.fix;
    expect(fixOf('rampart-on-pull-requests')?.templates).toEqual(['github-node']);
    expect(fixOf('paved-road/pipeline-template')?.templates).toEqual(['github-node']);
    expect(fixOf('codeowners')?.templates).toEqual(['repo-hygiene']);
    expect(fixOf('codeowners')?.text).toContain('Templates that fix it: repo-hygiene.');
    expect(fixOf('secrets-hook')?.templates).toEqual([]);
  });

  it('scores round(100 × passed ÷ applicable) over posture and paved-road checks', () => {
    // SAFE, unknown exposure (internetFacing: true → threat model applies and passes): 10
    // posture passes; ROAD: 2 fails, 1 pass, 1 n/a → 11 / 13.
    const card = evaluateScorecard({ facts: SAFE, pavedRoad: ROAD, hub: HUB });
    expect(card).toMatchObject({ passed: 11, failed: 2, notApplicable: 1, score: 85 });
    expect(storedResults(card)[0]).toEqual({
      id: 'rampart-on-pull-requests',
      status: 'pass',
      summary: expect.any(String),
    });
  });

  it('counts a paved-road check the report repeats once', () => {
    // An upload is not necessarily the CLI's: a repeated id must not weigh twice in the
    // score nor list the project twice in the gaps.
    const first = ROAD.checks[0] as PavedRoadOutcome['checks'][number];
    const once = evaluateScorecard({ facts: SAFE, pavedRoad: ROAD, hub: HUB });
    const twice = evaluateScorecard({
      facts: SAFE,
      pavedRoad: { ...ROAD, checks: [...ROAD.checks, first, { ...first, status: 'pass' }] },
      hub: HUB,
    });
    expect(twice.checks.filter((c) => c.id === 'paved-road/base-image')).toHaveLength(1);
    expect(twice).toMatchObject({ passed: once.passed, failed: once.failed, score: once.score });
  });

  it('ignores a paved-road check whose id is not one of the six known ones', () => {
    // The report is uploaded text: an unknown id would add a check (and a gap) the hub
    // cannot explain, titled and summarised by whoever wrote the report.
    const known = evaluateScorecard({ facts: SAFE, pavedRoad: ROAD, hub: HUB });
    const forged = (id: string, status: 'pass' | 'fail') => ({
      id,
      status,
      summary: `<b>${id}</b> says hello`,
      violationCount: 0,
      violations: [],
    });
    const card = evaluateScorecard({
      facts: SAFE,
      pavedRoad: {
        ...ROAD,
        checks: [
          ...ROAD.checks,
          forged('free-points', 'pass'),
          forged('Base-Image', 'fail'),
          forged('', 'pass'),
        ],
      },
      hub: HUB,
    });
    expect(card.checks.map((c) => c.id)).toEqual(known.checks.map((c) => c.id));
    expect(card).toMatchObject({ passed: known.passed, failed: known.failed, score: known.score });
  });
});

describe('scoreOf', () => {
  it('rounds, and scores 100 when nothing applies', () => {
    const s = (pass: number, fail: number, na: number) =>
      scoreOf([
        ...Array.from({ length: pass }, () => ({ status: 'pass' as const })),
        ...Array.from({ length: fail }, () => ({ status: 'fail' as const })),
        ...Array.from({ length: na }, () => ({ status: 'not-applicable' as const })),
      ]);
    expect(s(2, 1, 0).score).toBe(67);
    expect(s(1, 2, 5)).toEqual({ score: 33, passed: 1, failed: 2, notApplicable: 5 });
    expect(s(1, 7, 0).score).toBe(13); // 12.5 rounds up
    expect(s(0, 0, 3).score).toBe(100);
    expect(s(0, 0, 0).score).toBe(100);
  });
});
