import type { PavedRoadOutcome, RepositoryFacts } from '@rampart/core';
import { PAVED_ROAD_CHECK_IDS } from '@rampart/iac/paved-road';
import type { Exposure, StoredCheckResult } from './posture-tables.js';

// The scorecard's checks, as a pure function of what a scan reported (the repository facts
// and the paved-road outcome), what the hub knows (recent scans, stored threat models, the
// project's exposure, the catalog) and the catalog's templates. docs/hub-paved-road-scores.md
// explains each check; keep the two in step.

/** How recent a scan must be to prove that Rampart runs at a stage. */
export const RECENT_SCAN_DAYS = 30;

/** What the hub knows about a project, besides what its scan reported. */
export interface HubEvidence {
  /** `pr`-stage scans of the project received in the last {@link RECENT_SCAN_DAYS} days. */
  readonly prScansIn30Days: number;
  /** `main`-stage scans of the project in the last {@link RECENT_SCAN_DAYS} days. */
  readonly mainScansIn30Days: number;
  /** A threat model is stored in the hub for the project. */
  readonly hubThreatModel: boolean;
  /** The threat model stored in the hub for the project marks an element `internetFacing: true`. */
  readonly hubModelInternetFacing: boolean;
  readonly exposure: Exposure;
  /** The catalog: its current revision (null: empty), and the revision the scan's policy is. */
  readonly catalog: {
    readonly currentRevision: number | null;
    readonly matchedRevision: number | null;
  };
}

/** A catalog template, as the fixes name them. */
export interface TemplateRef {
  readonly name: string;
  readonly provides: readonly string[];
}

export type CheckStatus = 'pass' | 'fail' | 'not-applicable';

/** How to fix a failing check. */
export interface CheckFix {
  readonly text: string;
  /** Catalog templates that provide what the check wants. */
  readonly templates: readonly string[];
  /** The check's section of docs/hub-paved-road-scores.md. */
  readonly docs: string;
}

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly source: 'posture' | 'paved-road';
  readonly status: CheckStatus;
  readonly summary: string;
  readonly fix: CheckFix | null;
  /** The distinct remediation texts of a paved-road check's violations (the approved image, the replacement library). */
  readonly remedies: readonly string[];
}

/** A project's scorecard, before it is tied to a project and a scan. */
export interface Scorecard {
  readonly score: number;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly checks: readonly CheckResult[];
}

/** The hub's posture checks, in the order they are shown. */
export const POSTURE_CHECKS = [
  'rampart-on-pull-requests',
  'rampart-on-default-branch',
  'sarif-upload',
  'secrets-hook',
  'actions-pinned',
  'dependency-updates',
  'security-policy',
  'codeowners',
  'threat-model',
  'paved-road-policy',
] as const;
export type PostureCheckId = (typeof POSTURE_CHECKS)[number];

const POSTURE_TITLES: Readonly<Record<PostureCheckId, string>> = {
  'rampart-on-pull-requests': 'Rampart runs on pull requests',
  'rampart-on-default-branch': 'Rampart runs on the default branch',
  'sarif-upload': 'SARIF uploaded to code scanning',
  'secrets-hook': 'Secrets hook before each commit',
  'actions-pinned': 'Third-party actions pinned',
  'dependency-updates': 'Dependency update tool configured',
  'security-policy': 'SECURITY.md',
  codeowners: 'CODEOWNERS',
  'threat-model': 'Threat model for an internet-facing service',
  'paved-road-policy': "Checked against the organisation's paved road",
};

const PAVED_ROAD_TITLES: Readonly<Record<string, string>> = {
  'base-image': 'Approved base images',
  'base-image-digest': 'Base images pinned by digest',
  'banned-library': 'No banned libraries',
  'library-version': 'Approved library versions',
  'pipeline-template': 'Pipeline template in use',
  'required-scanners': 'Required scanners run',
};

const FIX_TEXT: Readonly<Record<string, string>> = {
  'rampart-on-pull-requests':
    'Run `rampart scan --upload` in the pipeline of every pull or merge request (or use a catalog template that does).',
  'rampart-on-default-branch':
    'Run `rampart scan --upload` on every push to the default branch (or use a catalog template that does).',
  'sarif-upload':
    "GitHub: upload the SARIF report to code scanning (github/codeql-action/upload-sarif). GitLab: publish the Rampart job's JUnit report (`artifacts: reports: junit:`) or a security report, so the merge request shows the results.",
  'secrets-hook':
    'Add a pre-commit hook that runs `rampart scan --staged` (pre-commit, husky, lefthook or .githooks).',
  'actions-pinned':
    'Pin every third-party action to a full 40-character commit SHA (`uses: owner/repo@<sha> # v1.2.3`).',
  'dependency-updates':
    'Configure Dependabot (`.github/dependabot.yml`) or Renovate (`renovate.json`).',
  'security-policy':
    'Add a SECURITY.md (root, .github/ or docs/) that says how to report a vulnerability.',
  codeowners: 'Add a CODEOWNERS file (root, .github/, docs/ or .gitlab/) naming who reviews what.',
  'threat-model':
    'Add a `threatmodel.yml` to the repository, or write the threat model in the hub (or set the exposure to internal if the service is not reachable from the internet).',
  'paved-road-policy':
    "Name the organisation's policy in rampart.yml: `pavedRoad: <hub>/api/v1/paved-road.yml`.",
  'paved-road/base-image': 'Build on an approved base image.',
  'paved-road/base-image-digest': 'Pin every `FROM` to `@sha256:…`.',
  'paved-road/banned-library': 'Replace the banned libraries.',
  'paved-road/library-version': 'Move the approved libraries into their approved version ranges.',
  'paved-road/pipeline-template': "Call the organisation's pipeline template from CI.",
  'paved-road/required-scanners':
    "Run every scanner the paved road requires in CI's `rampart scan`.",
};

/** The docs link of a check: its section of docs/hub-paved-road-scores.md. */
export function checkDocs(id: string): string {
  return `docs/hub-paved-road-scores.md#${id}`;
}

/** A check's title (an unknown paved-road check is shown by its id). */
export function checkTitle(id: string): string {
  if (id.startsWith('paved-road/')) {
    const bare = id.slice('paved-road/'.length);
    return PAVED_ROAD_TITLES[bare] ?? bare;
  }
  return POSTURE_TITLES[id as PostureCheckId] ?? id;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

type Outcome = Pick<CheckResult, 'status' | 'summary'>;
const pass = (summary: string): Outcome => ({ status: 'pass', summary });
const fail = (summary: string): Outcome => ({ status: 'fail', summary });
const notApplicable = (summary: string): Outcome => ({ status: 'not-applicable', summary });

function ranAt(stage: string, scans: number, inCi: boolean, ciWhere: string): Outcome {
  const recent = `${plural(scans, `${stage} scan`)} received in the last ${RECENT_SCAN_DAYS} days`;
  if (scans > 0 && inCi) return pass(`${recent}; the CI files run Rampart ${ciWhere}`);
  if (scans > 0) return pass(recent);
  if (inCi)
    return pass(
      `the CI files run Rampart ${ciWhere} (no ${stage} scan received in the last ${RECENT_SCAN_DAYS} days)`,
    );
  return fail(
    `no ${stage} scan received in the last ${RECENT_SCAN_DAYS} days, and no CI file runs Rampart ${ciWhere}`,
  );
}

function fileCheck(path: string | null, what: string, missing: string): Outcome {
  return path === null ? fail(missing) : pass(`${what}: ${path}`);
}

function postureOutcome(
  id: PostureCheckId,
  facts: RepositoryFacts,
  pavedRoad: PavedRoadOutcome | undefined,
  hub: HubEvidence,
): Outcome {
  switch (id) {
    case 'rampart-on-pull-requests':
      return ranAt('pr', hub.prScansIn30Days, facts.rampartInCi.pullRequests, 'on pull requests');
    case 'rampart-on-default-branch':
      return ranAt(
        'main',
        hub.mainScansIn30Days,
        facts.rampartInCi.defaultBranch,
        'on the default branch',
      );
    case 'sarif-upload':
      return fileCheck(
        facts.sarifUpload,
        'results published to code review by',
        'no CI file uploads SARIF (GitHub) or publishes a report to the merge request (GitLab)',
      );
    case 'secrets-hook':
      return facts.secretsHook === null
        ? fail('no pre-commit hook runs secret detection')
        : pass(`${facts.secretsHook.kind} hook: ${facts.secretsHook.path}`);
    case 'actions-pinned': {
      const { thirdParty, unpinned, examples } = facts.actions;
      if (thirdParty === 0) return notApplicable('no third-party GitHub Actions');
      if (unpinned === 0)
        return pass(`${plural(thirdParty, 'third-party action')}, all pinned to a commit SHA`);
      const first = examples[0];
      return fail(
        `${unpinned} of ${plural(thirdParty, 'third-party action')} not pinned to a commit SHA${first ? ` (e.g. ${first.uses} at ${first.path}:${first.line})` : ''}`,
      );
    }
    case 'dependency-updates':
      return facts.dependencyUpdates === null
        ? fail('no Dependabot or Renovate configuration')
        : pass(`${facts.dependencyUpdates.tool}: ${facts.dependencyUpdates.path}`);
    case 'security-policy':
      return fileCheck(facts.securityPolicy, 'security policy', 'no SECURITY.md');
    case 'codeowners':
      return fileCheck(facts.codeowners, 'code owners', 'no CODEOWNERS file');
    case 'threat-model': {
      const why =
        hub.exposure === 'internet'
          ? 'the project is internet-facing'
          : facts.internetFacing === true
            ? 'the threat model marks an element internet-facing'
            : undefined;
      // The model stored in the hub can make the check apply too (and then it passes), unless
      // someone set the exposure to internal.
      if (why === undefined && hub.hubModelInternetFacing && hub.exposure === 'unknown')
        return pass('the threat model stored in the hub marks an element internet-facing');
      if (why === undefined)
        return notApplicable(
          hub.exposure === 'internal'
            ? 'the project is internal'
            : 'the exposure is unknown and no threat model marks the service internet-facing',
        );
      if (facts.threatModel !== null) return pass(`${why}; threat model: ${facts.threatModel}`);
      if (hub.hubThreatModel) return pass(`${why}; a threat model is stored in the hub`);
      return fail(`${why}, but it has no threat model (in the repository or the hub)`);
    }
    case 'paved-road-policy': {
      const { currentRevision, matchedRevision } = hub.catalog;
      if (currentRevision === null) return notApplicable("the organisation's catalog is empty");
      if (pavedRoad === undefined) return fail('rampart.yml names no paved-road policy');
      if (matchedRevision === null)
        return fail(
          `the policy the scan used (${pavedRoad.policy.source}) is not a revision of the organisation's catalog`,
        );
      return pass(
        matchedRevision === currentRevision
          ? `the catalog's current revision (${matchedRevision})`
          : `catalog revision ${matchedRevision} (current: ${currentRevision})`,
      );
    }
  }
}

/** The templates that provide a check (a paved-road check also by its bare id). */
export function templatesFor(id: string, templates: readonly TemplateRef[]): string[] {
  const bare = id.startsWith('paved-road/') ? id.slice('paved-road/'.length) : id;
  return templates
    .filter((t) => t.provides.includes(id) || t.provides.includes(bare))
    .map((t) => t.name)
    .sort();
}

/** The distinct remediation texts of a paved-road check's violations, in first-seen order. */
function remediesOf(outcome: PavedRoadOutcome['checks'][number]): string[] {
  return [...new Set(outcome.violations.map((v) => v.remediation).filter((r) => r.length > 0))];
}

/**
 * How to fix a failing check: its fix text, then the remediations its violations name (the
 * approved image, the replacement library), then the templates that provide it.
 */
export function checkFix(
  id: string,
  remedies: readonly string[],
  templates: readonly TemplateRef[],
): CheckFix {
  const base = FIX_TEXT[id] ?? 'See the paved-road finding for the fix.';
  const provided = templatesFor(id, templates);
  const parts = [base, ...remedies];
  if (provided.length > 0) parts.push(`Templates that fix it: ${provided.join(', ')}.`);
  return { text: parts.join(' '), templates: provided, docs: checkDocs(id) };
}

function fixOf(
  id: string,
  status: CheckStatus,
  remedies: readonly string[],
  templates: readonly TemplateRef[],
): CheckFix | null {
  return status === 'fail' ? checkFix(id, remedies, templates) : null;
}

/**
 * score = round(100 × passed ÷ applicable), where applicable counts the checks that pass or
 * fail; 100 when nothing applies (as `rampart paved-road check` scores a policy).
 */
export function scoreOf(results: readonly Pick<CheckResult, 'status'>[]): {
  score: number;
  passed: number;
  failed: number;
  notApplicable: number;
} {
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
  }
  const applicable = passed + failed;
  return {
    score: applicable === 0 ? 100 : Math.round((100 * passed) / applicable),
    passed,
    failed,
    notApplicable: results.length - applicable,
  };
}

/** The paved-road check ids a scan's report may score (any other id is ignored). */
const KNOWN_PAVED_ROAD_CHECKS: ReadonlySet<string> = new Set(PAVED_ROAD_CHECK_IDS);

/** What {@link evaluateScorecard} reads. */
export interface ScorecardInput {
  readonly facts: RepositoryFacts;
  readonly pavedRoad?: PavedRoadOutcome | null | undefined;
  readonly hub: HubEvidence;
  /** The catalog's latest templates (for the fixes); default none. */
  readonly templates?: readonly TemplateRef[];
}

/**
 * A project's scorecard: the hub's posture checks, then the scan's paved-road checks as
 * `paved-road/<id>` (whatever policy the scan used; the first of a repeated id; only the
 * {@link PAVED_ROAD_CHECK_IDS}: the report is uploaded text, and an id the hub does not know
 * is neither scored nor shown), each with a one-line summary and, when it fails, the fix
 * (text, templates that provide it, docs link); and the score over all.
 */
export function evaluateScorecard(input: ScorecardInput): Scorecard {
  const { facts, hub } = input;
  const pavedRoad = input.pavedRoad ?? undefined;
  const templates = input.templates ?? [];
  const checks: CheckResult[] = [];
  for (const id of POSTURE_CHECKS) {
    const outcome = postureOutcome(id, facts, pavedRoad, hub);
    checks.push({
      id,
      title: checkTitle(id),
      source: 'posture',
      ...outcome,
      fix: fixOf(id, outcome.status, [], templates),
      remedies: [],
    });
  }
  // A check the report lists twice counts once (the CLI never does; an upload may).
  const reported = new Set<string>();
  for (const check of pavedRoad?.checks ?? []) {
    if (!KNOWN_PAVED_ROAD_CHECKS.has(check.id)) continue;
    const id = `paved-road/${check.id}`;
    if (reported.has(id)) continue;
    reported.add(id);
    const remedies = check.status === 'fail' ? remediesOf(check) : [];
    checks.push({
      id,
      title: checkTitle(id),
      source: 'paved-road',
      status: check.status,
      summary: check.summary,
      fix: fixOf(id, check.status, remedies, templates),
      remedies,
    });
  }
  return { ...scoreOf(checks), checks };
}

/** The results as a snapshot stores them (fixes are recomputed when read). */
export function storedResults(card: Scorecard): StoredCheckResult[] {
  return card.checks.map((c) => ({ id: c.id, status: c.status, summary: c.summary }));
}
