import { randomUUID } from 'node:crypto';
import type { PavedRoadOutcome, Posture, RepositoryFacts } from '@rampart/core';
import { parseThreatModel } from '@rampart/threat-model';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { chunks } from '../lifecycle/project-lock.js';
import { num } from '../metrics/metrics-sql.js';
import { DAY } from '../metrics/time-units.js';
import { threatModelDb } from '../threat-models/tables.js';
import { latestTemplates, revisionBySha256 } from './catalog-store.js';
import { catalogDb } from './catalog-tables.js';
import {
  type Exposure,
  type PostureDatabase,
  type PostureSnapshotTable,
  postureDb,
} from './posture-tables.js';
import {
  evaluateScorecard,
  type HubEvidence,
  RECENT_SCAN_DAYS,
  type Scorecard,
  storedResults,
  type TemplateRef,
} from './score-checks.js';

// Storing the posture a scan reports, and reading scorecards back: the latest snapshot of
// each project scored with the hub's evidence of now. Both sides gather the evidence the
// same way ({@link hubEvidence}), so a snapshot's stored score is what the scorecard said
// when the scan arrived.

/** A project's latest posture, as the scorecards read it. */
export interface LatestSnapshot {
  readonly id: string;
  readonly projectId: string;
  readonly scanId: string;
  readonly takenAt: number;
  readonly facts: RepositoryFacts;
  readonly pavedRoad: PavedRoadOutcome | null;
}

/** A project's current scorecard (null fields: not measured). */
export interface ProjectScorecard extends Scorecard {
  readonly projectId: string;
  readonly measuredAt: number;
  readonly scanId: string;
  readonly linesOfCode: number;
}

/** The catalog's current revision (null when it is empty): a max over the primary key. */
async function currentCatalogRevision(db: Kysely<Database>): Promise<number | null> {
  const row = await catalogDb(db)
    .selectFrom('paved_road_revisions')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .executeTakeFirst();
  return row?.revision === null || row?.revision === undefined ? null : num(row.revision);
}

/**
 * Whether a stored threat model marks an element `internetFacing: true`, by the model's
 * content hash: a model is parsed once per hub process, not on every scorecard read (the
 * oldest entries are dropped beyond {@link FACING_CACHE_SIZE}).
 */
const facingByHash = new Map<string, boolean>();
const FACING_CACHE_SIZE = 5000;

function rememberFacing(hash: string, source: string): void {
  if (facingByHash.has(hash)) return;
  let internetFacing = false;
  try {
    const model = parseThreatModel(source, 'threatmodel.yml');
    internetFacing = model.elements.some((e) => e.attributes.internetFacing === true);
  } catch {
    // Stored models were checked when written; one the current parser refuses says nothing.
  }
  if (facingByHash.size >= FACING_CACHE_SIZE) {
    const oldest = facingByHash.keys().next();
    if (oldest.done !== true) facingByHash.delete(oldest.value);
  }
  facingByHash.set(hash, internetFacing);
}

/**
 * What the hub knows of each project at `at`: its `pr` and `main` scans that ran in the
 * {@link RECENT_SCAN_DAYS} days up to `at`, whether a threat model is stored for it (and
 * whether that model marks an element internet-facing), its exposure, and where the policy its scan used (by sha256) sits in the catalog.
 */
export async function hubEvidence(
  db: Kysely<Database>,
  projects: readonly { readonly projectId: string; readonly policySha256: string | null }[],
  at: number,
): Promise<Map<string, HubEvidence>> {
  const out = new Map<string, HubEvidence>();
  if (projects.length === 0) return out;
  const currentRevision = await currentCatalogRevision(db);
  const matched = new Map<string, number | null>();
  if (currentRevision !== null) {
    for (const sha of new Set(projects.map((p) => p.policySha256))) {
      if (sha !== null) matched.set(sha, (await revisionBySha256(db, sha))?.revision ?? null);
    }
  }
  const ids = [...new Set(projects.map((p) => p.projectId))];
  const scans = new Map<string, { pr: number; main: number }>();
  const models = new Set<string>();
  const facing = new Set<string>();
  const exposures = new Map<string, Exposure>();
  const tm = threatModelDb(db);
  for (const part of chunks(ids, 500)) {
    const counted = await db
      .selectFrom('scans')
      .select(['project_id', 'stage', (eb) => eb.fn.countAll().as('n')])
      .where('project_id', 'in', part)
      .where('stage', 'in', ['pr', 'main'])
      .where('ran_at', '>', at - RECENT_SCAN_DAYS * DAY)
      .where('ran_at', '<=', at)
      .groupBy(['project_id', 'stage'])
      .execute();
    for (const row of counted) {
      const entry = scans.get(row.project_id) ?? { pr: 0, main: 0 };
      if (row.stage === 'pr') entry.pr = num(row.n);
      else entry.main = num(row.n);
      scans.set(row.project_id, entry);
    }
    // Each project's current model (its highest revision), by content hash.
    const current = await tm
      .selectFrom('threat_models as m')
      .select(['m.project_id', 'm.content_hash'])
      .where('m.project_id', 'in', part)
      .where('m.revision', '=', (eb) =>
        eb
          .selectFrom('threat_models as m2')
          .select((inner) => inner.fn.max('m2.revision').as('revision'))
          .whereRef('m2.project_id', '=', 'm.project_id'),
      )
      .execute();
    for (const row of current) models.add(row.project_id);
    const unknown = [...new Set(current.map((r) => r.content_hash))].filter(
      (hash) => !facingByHash.has(hash),
    );
    for (const hashes of chunks(unknown, 100)) {
      const texts = await tm
        .selectFrom('threat_models')
        .select(['content_hash', 'source_yaml'])
        .where('content_hash', 'in', hashes)
        .where('project_id', 'in', part)
        .execute();
      for (const row of texts) rememberFacing(row.content_hash, row.source_yaml);
    }
    for (const row of current) {
      if (facingByHash.get(row.content_hash) === true) facing.add(row.project_id);
    }
    const rows = await db
      .selectFrom('projects')
      .select(['id', 'exposure'])
      .where('id', 'in', part)
      .execute();
    for (const row of rows) exposures.set(row.id, row.exposure);
  }
  for (const p of projects) {
    const recent = scans.get(p.projectId);
    out.set(p.projectId, {
      prScansIn30Days: recent?.pr ?? 0,
      mainScansIn30Days: recent?.main ?? 0,
      hubThreatModel: models.has(p.projectId),
      hubModelInternetFacing: facing.has(p.projectId),
      exposure: exposures.get(p.projectId) ?? 'unknown',
      catalog: {
        currentRevision,
        matchedRevision: p.policySha256 === null ? null : (matched.get(p.policySha256) ?? null),
      },
    });
  }
  return out;
}

/**
 * The stages whose scans describe what ships, and so become the project's scorecard: a full
 * scan of a pull request's branch or a laptop's `dev` scan is not the project (its `pr`
 * scans still count as evidence for `rampart-on-pull-requests`).
 */
export const SNAPSHOT_STAGES: readonly string[] = ['main', 'production'];

/** What {@link insertPostureSnapshot} did. */
export type SnapshotOutcome = 'stored' | 'stage' | 'superseded';

/**
 * Stores the posture a full scan reported, with the score and results the hub gives it now
 * (the scan row is already written, so it counts as a recent scan of its stage). Called in
 * the scan's transaction (which holds the project's lock): a re-sent scan is answered before
 * this (the content hash), and the scan id is unique here too.
 *
 * Only scans at a {@link SNAPSHOT_STAGES} stage are stored (else `'stage'`). A project keeps
 * at most one snapshot per UTC day, the latest by (taken_at, id): storing one deletes the
 * day's earlier ones, and when the day already has a later one (history imported out of
 * order) the new one is not stored (`'superseded'`).
 */
export async function insertPostureSnapshot(
  db: Kysely<Database>,
  snapshot: {
    readonly projectId: string;
    readonly scanId: string;
    readonly takenAt: number;
    readonly stage: string;
    readonly posture: Posture;
  },
): Promise<SnapshotOutcome> {
  if (!SNAPSHOT_STAGES.includes(snapshot.stage)) return 'stage';
  const pdb = postureDb(db);
  const id = randomUUID();
  const { takenAt } = snapshot;
  const dayStart = Math.floor(takenAt / DAY) * DAY;
  const later = await pdb
    .selectFrom('posture_snapshots')
    .select('id')
    .where('project_id', '=', snapshot.projectId)
    .where('taken_at', '>=', dayStart)
    .where('taken_at', '<', dayStart + DAY)
    .where((eb) =>
      eb.or([
        eb('taken_at', '>', takenAt),
        eb.and([eb('taken_at', '=', takenAt), eb('id', '>', id)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (later !== undefined) return 'superseded';
  const { facts, pavedRoad } = snapshot.posture;
  const evidence = await hubEvidence(
    db,
    [{ projectId: snapshot.projectId, policySha256: pavedRoad?.policy.sha256 ?? null }],
    takenAt,
  );
  const card = evaluateScorecard({
    facts,
    pavedRoad,
    hub: evidence.get(snapshot.projectId) as HubEvidence,
  });
  // Everything else of the day is earlier (the check above): the new one replaces it.
  await pdb
    .deleteFrom('posture_snapshots')
    .where('project_id', '=', snapshot.projectId)
    .where('taken_at', '>=', dayStart)
    .where('taken_at', '<', dayStart + DAY)
    .execute();
  await pdb
    .insertInto('posture_snapshots')
    .values({
      id,
      project_id: snapshot.projectId,
      scan_id: snapshot.scanId,
      taken_at: takenAt,
      stage: snapshot.stage,
      facts: JSON.stringify(facts),
      paved_road: pavedRoad === undefined ? null : JSON.stringify(pavedRoad),
      score: card.score,
      results: JSON.stringify(storedResults(card)),
    })
    .execute();
  return 'stored';
}

function snapshotOf(row: PostureSnapshotTable): LatestSnapshot {
  return {
    id: row.id,
    projectId: row.project_id,
    scanId: row.scan_id,
    takenAt: num(row.taken_at),
    facts: JSON.parse(row.facts) as RepositoryFacts,
    pavedRoad: row.paved_road === null ? null : (JSON.parse(row.paved_road) as PavedRoadOutcome),
  };
}

/**
 * The id of a project's newest snapshot (by run time; ties by id) taken before `before`
 * (no bound when undefined): one index probe per project on `(project_id, taken_at)`, so the
 * cost follows the number of projects, not of snapshots.
 */
function newestSnapshotId(db: Kysely<PostureDatabase>, before?: number) {
  let newest = db
    .selectFrom('posture_snapshots as s2')
    .select('s2.id')
    // Correlated with the outer `projects as p`.
    .where('s2.project_id', '=', sql.ref<string>('p.id'));
  if (before !== undefined) newest = newest.where('s2.taken_at', '<', before);
  return newest.orderBy('s2.taken_at', 'desc').orderBy('s2.id', 'desc').limit(1);
}

/** Each project's newest snapshot (by run time; ties by id), for the projects that have one. */
export async function latestSnapshots(
  db: Kysely<Database>,
  projectIds: readonly string[],
): Promise<Map<string, LatestSnapshot>> {
  const out = new Map<string, LatestSnapshot>();
  const pdb = postureDb(db);
  for (const part of chunks([...new Set(projectIds)], 500)) {
    const rows = await pdb
      .selectFrom('projects as p')
      .innerJoin('posture_snapshots as s', (join) =>
        join.on((eb) => eb('s.id', '=', newestSnapshotId(pdb))),
      )
      .selectAll('s')
      .where('p.id', 'in', part)
      .execute();
    for (const row of rows) out.set(row.project_id, snapshotOf(row));
  }
  return out;
}

/**
 * The current scorecards of projects: each one's latest snapshot, scored with the hub's
 * evidence at `now` and the catalog's current templates. Projects with no snapshot are
 * absent (not measured).
 */
export async function currentScorecards(
  db: Kysely<Database>,
  projectIds: readonly string[],
  now: number,
): Promise<Map<string, ProjectScorecard>> {
  const snapshots = await latestSnapshots(db, projectIds);
  const out = new Map<string, ProjectScorecard>();
  if (snapshots.size === 0) return out;
  const evidence = await hubEvidence(
    db,
    [...snapshots.values()].map((s) => ({
      projectId: s.projectId,
      policySha256: s.pavedRoad?.policy.sha256 ?? null,
    })),
    now,
  );
  const templates = await templateRefs(db);
  for (const s of snapshots.values()) {
    const card = evaluateScorecard({
      facts: s.facts,
      pavedRoad: s.pavedRoad,
      hub: evidence.get(s.projectId) as HubEvidence,
      templates,
    });
    out.set(s.projectId, {
      ...card,
      projectId: s.projectId,
      measuredAt: s.takenAt,
      scanId: s.scanId,
      linesOfCode: s.facts.linesOfCode,
    });
  }
  return out;
}

/** `YYYY-MM-DD` (UTC) of an instant. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A project's stored scores since `from`: the last snapshot of each UTC day, oldest first. */
export async function projectTrend(
  db: Kysely<Database>,
  projectId: string,
  from: number,
): Promise<{ day: string; score: number | null }[]> {
  const rows = await postureDb(db)
    .selectFrom('posture_snapshots')
    .select(['taken_at', 'score', 'id'])
    .where('project_id', '=', projectId)
    .where('taken_at', '>=', from)
    .orderBy('taken_at')
    .orderBy('id')
    .execute();
  const byDay = new Map<string, number | null>();
  for (const row of rows) byDay.set(dayOf(num(row.taken_at)), row.score);
  return [...byDay].map(([day, score]) => ({ day, score }));
}

/**
 * The stored scores of projects that the weekly organisation trend reads: every snapshot
 * since `from`, and each project's newest one before it (its score when the trend starts).
 */
export async function storedScores(
  db: Kysely<Database>,
  projectIds: readonly string[],
  from: number,
  to: number,
): Promise<{ projectId: string; takenAt: number; score: number | null }[]> {
  const out: { projectId: string; takenAt: number; score: number | null }[] = [];
  const pdb = postureDb(db);
  for (const part of chunks([...new Set(projectIds)], 500)) {
    const since = await pdb
      .selectFrom('posture_snapshots as s')
      .select(['s.project_id', 's.taken_at', 's.score'])
      .where('s.project_id', 'in', part)
      .where('s.taken_at', '>=', from)
      .where('s.taken_at', '<', to)
      // Same-time snapshots in id order: the sort below is stable, the highest id ends last.
      .orderBy('s.taken_at')
      .orderBy('s.id')
      .execute();
    const before = await pdb
      .selectFrom('projects as p')
      .innerJoin('posture_snapshots as s', (join) =>
        join.on((eb) => eb('s.id', '=', newestSnapshotId(pdb, from))),
      )
      .select(['s.project_id', 's.taken_at', 's.score'])
      .where('p.id', 'in', part)
      .execute();
    for (const row of [...before, ...since])
      out.push({ projectId: row.project_id, takenAt: num(row.taken_at), score: row.score });
  }
  return out.sort((a, b) => a.takenAt - b.takenAt);
}

/** The catalog templates as the fixes name them (exported for the routes). */
export async function templateRefs(db: Kysely<Database>): Promise<TemplateRef[]> {
  return (await latestTemplates(db)).map((t) => ({ name: t.name, provides: t.provides }));
}
