import { randomUUID } from 'node:crypto';
import type { HubDatabase } from '../db/database.js';
import type { FindingStatus } from '../db/schema.js';
import { rebuildIntervals } from '../lifecycle/intervals.js';
import { isPromotedStage } from '../lifecycle/lifecycle-state.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { rebuildTriagePeriods } from '../lifecycle/triage-periods.js';
import { type LifecycleEvent, openIntervals, triageStateAt } from './lifecycle-model.js';
import { DAY } from './time-units.js';

// Test support only: writes a hand-made finding history (teams, projects, production scans,
// SLA policies, findings and their events) into a store, the way ingest and triage would
// leave it: events in time order, finding rows consistent with their events.

/** 2024-01-01T00:00Z, a Monday: day 0 of the fixture, the start of ISO week 2024-W01. */
export const T0 = Date.UTC(2024, 0, 1);

/** The time `days` (may be fractional or negative) after T0. */
export function day(days: number): number {
  return T0 + days * DAY;
}

const LIFECYCLE = new Set(['detected', 'seen', 'fixed', 'reopened']);

/**
 * One event: [type, time (epoch ms), stage]. Lifecycle events (detected, seen, fixed,
 * reopened) come from a scan; the rest, and a `reopened` marked `triage`, from a person.
 */
export type FixtureEvent = readonly [
  type: string,
  at: number,
  stage?: string | undefined,
  how?: 'triage',
];

/** One finding of the history. */
export interface FixtureFinding {
  readonly key: string;
  readonly project: string;
  readonly severity: string;
  readonly severityOverride?: string;
  readonly scanner: string;
  /** The finding's stored JSON (`properties.published` for advisories). */
  readonly data?: Record<string, unknown>;
  readonly events: readonly FixtureEvent[];
}

/** A whole history. */
export interface FixtureHistory {
  readonly teams: readonly { readonly key: string; readonly slug: string }[];
  readonly projects: readonly { readonly key: string; readonly team: string }[];
  readonly productionScans?: readonly { readonly project: string; readonly at: number }[];
  readonly slaPolicies?: readonly {
    readonly team: string | null;
    readonly severity: string;
    readonly days: number;
  }[];
  readonly findings: readonly FixtureFinding[];
  /** Insert events in this order instead of by time (tests of the (at, id) ordering). */
  readonly eventOrder?: (events: readonly { at: number }[]) => number[];
}

/** The ids the history got, by key. */
export interface FixtureIds {
  readonly teams: ReadonlyMap<string, string>;
  readonly projects: ReadonlyMap<string, string>;
  readonly findings: ReadonlyMap<string, string>;
  /** Each finding's events as the lifecycle model sees them (id = insertion order). */
  readonly events: ReadonlyMap<string, readonly LifecycleEvent[]>;
}

function must<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`fixture: unknown key ${key}`);
  return value;
}

/** Inserts a history; team slugs and project names get a random suffix (one store, many). */
export async function insertHistory(
  hub: HubDatabase,
  history: FixtureHistory,
): Promise<FixtureIds> {
  const db = hub.db;
  const suffix = randomUUID().slice(0, 8);
  const teams = new Map(history.teams.map((t) => [t.key, randomUUID()]));
  const projects = new Map(history.projects.map((p) => [p.key, randomUUID()]));
  const findings = new Map(history.findings.map((f) => [f.key, randomUUID()]));
  const models = new Map<string, LifecycleEvent[]>();
  // A migration test writes histories into the schema of an earlier migration.
  const promotedAtColumn = await hasColumn(hub, 'findings', 'promoted_at');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('teams')
      .values(
        history.teams.map((t) => ({
          id: must(teams, t.key),
          slug: `${t.slug}-${suffix}`,
          name: t.slug,
          created_at: T0,
        })),
      )
      .execute();
    await trx
      .insertInto('projects')
      .values(
        history.projects.map((p) => ({
          id: must(projects, p.key),
          name: `${p.key}-${suffix}`,
          repository: null,
          default_branch: 'main',
          team_id: must(teams, p.team),
          created_at: T0,
        })),
      )
      .execute();
    for (const [i, s] of (history.productionScans ?? []).entries()) {
      await trx
        .insertInto('scans')
        .values({
          id: randomUUID(),
          project_id: must(projects, s.project),
          content_hash: `fixture-${i}`,
          commit_sha: null,
          branch: null,
          stage: 'production',
          kind: 'full',
          tools: '[]',
          findings: 0,
          ran_at: s.at,
          received_at: s.at,
        })
        .execute();
    }
    for (const p of history.slaPolicies ?? []) {
      await trx
        .insertInto('sla_policies')
        .values({
          id: randomUUID(),
          team_id: p.team === null ? null : must(teams, p.team),
          severity: p.severity,
          days: p.days,
          created_at: T0,
        })
        .execute();
    }
    const events = history.findings.flatMap((f) =>
      f.events.map(([type, at, stage, how]) => {
        const fromScan = LIFECYCLE.has(type) && how !== 'triage';
        return {
          finding_id: must(findings, f.key),
          project_id: must(projects, f.project),
          type,
          at,
          actor_id: fromScan ? null : 'fixture-user',
          scan_id: fromScan ? `scan-${at}` : null,
          stage: fromScan ? (stage ?? 'main') : null,
          data: '{}',
        };
      }),
    );
    const order = history.eventOrder
      ? history.eventOrder(events)
      : events.map((_, i) => i).sort((a, b) => (events[a]?.at ?? 0) - (events[b]?.at ?? 0));
    // An event's id is its place in the insertion order: the model orders ties the same way.
    const rank = new Map(order.map((eventIndex, position) => [eventIndex, position]));
    let next = 0;
    const rows = [];
    for (const f of history.findings) {
      const model: LifecycleEvent[] = f.events.map(([type, at, , how]) => ({
        id: rank.get(next++) ?? -1,
        type,
        at,
        scanId: LIFECYCLE.has(type) && how !== 'triage' ? 'scan' : null,
      }));
      models.set(f.key, model);
      // The first detection in lifecycle order (time, then write order), as ingest keeps it.
      const firstDetected = model
        .map((e, index) => ({ e, index }))
        .filter(({ e }) => e.type === 'detected')
        .sort((a, b) => a.e.at - b.e.at || a.e.id - b.e.id)[0];
      const detected = firstDetected && f.events[firstDetected.index];
      if (!detected) throw new Error(`fixture: ${f.key} is never detected`);
      const intervals = openIntervals(model);
      const last = intervals[intervals.length - 1];
      const triage = triageStateAt(model, Number.POSITIVE_INFINITY);
      const fixedAt = last?.end ?? null;
      const status: FindingStatus =
        triage !== 'none' ? triage : fixedAt === null ? 'open' : 'fixed';
      rows.push({
        id: must(findings, f.key),
        project_id: must(projects, f.project),
        fingerprint: `${f.key}-${suffix}`,
        rule_id: `rule-${f.key}`,
        scanner: f.scanner,
        severity: f.severity,
        severity_override: f.severityOverride ?? null,
        title: `finding ${f.key}`,
        status,
        data: JSON.stringify(f.data ?? {}),
        first_seen_at: detected[1],
        first_seen_stage: detected[2] ?? 'main',
        first_scan_id: 'scan',
        last_seen_at: detected[1],
        last_scan_id: 'scan',
        fixed_at: fixedAt,
        // The first event at main or production, as ingest keeps it (0029).
        ...(promotedAtColumn ? { promoted_at: promotedAtOf(f.events) } : {}),
        assignee_id: null,
        accepted_until: null,
      });
    }
    if (rows.length > 0) await trx.insertInto('findings').values(rows).execute();
    for (const i of order) {
      const event = events[i];
      if (event) await trx.insertInto('finding_events').values(event).execute();
    }
    // The intervals and triage periods ingest and triage would keep, derived from the stored
    // events by their own code
    await rebuildIntervals(lifecycleDb(trx), hub.dialect, [...findings.values()]);
    await rebuildTriagePeriods(lifecycleDb(trx), hub.dialect, [...findings.values()]);
  });
  return { teams, projects, findings, events: models };
}

/** The time of a history's first event at `main` or `production` (null: none). */
function promotedAtOf(events: readonly FixtureEvent[]): number | null {
  let first: number | null = null;
  for (const [type, at, stage, how] of events) {
    const fromScan = LIFECYCLE.has(type) && how !== 'triage';
    if (fromScan && isPromotedStage(stage ?? 'main') && (first === null || at < first)) first = at;
  }
  return first;
}

const columnsOf = new WeakMap<HubDatabase, Map<string, Set<string>>>();

/** Whether the database's table has the column (read once per database). */
async function hasColumn(hub: HubDatabase, table: string, column: string): Promise<boolean> {
  let tables = columnsOf.get(hub);
  if (!tables) {
    tables = new Map(
      (await hub.db.introspection.getTables()).map((t) => [
        t.name,
        new Set(t.columns.map((c) => c.name)),
      ]),
    );
    columnsOf.set(hub, tables);
  }
  return tables.get(table)?.has(column) ?? false;
}
