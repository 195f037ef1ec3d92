import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { renderMarkdown } from '../desk/markdown.js';
import {
  CLOSED_STATUSES,
  CONSULT_KINDS,
  CONSULT_TRANSITIONS,
  type ConsultSla,
  type ConsultSlaSettings,
  type ConsultSlaTargets,
  canTransition,
  consultSla,
  DEFAULT_CONSULT_SLA,
  isClosed,
} from './consult-sla.js';
import {
  type ConsultDatabase,
  type ConsultEventType,
  type ConsultKind,
  type ConsultStatus,
  type ConsultTable,
  consultDb,
} from './tables.js';

type Db = Kysely<ConsultDatabase> | Transaction<ConsultDatabase>;
const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A consult row, as read. */
export type ConsultRow = Selectable<ConsultTable>;

/** A user as a consult shows them. */
export interface ConsultPerson {
  readonly id: string;
  readonly username: string;
}

/** A consult in the queue (the list leaves out the markdown bodies). */
export interface ConsultSummary {
  readonly id: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly projectId: string | null;
  readonly requestedBy: ConsultPerson | null;
  readonly kind: ConsultKind;
  readonly service: string;
  readonly wantedBy: string | null;
  readonly links: readonly string[];
  readonly status: ConsultStatus;
  readonly owner: ConsultPerson | null;
  readonly dueAt: string | null;
  readonly outcomeThreatModel: { readonly projectId: string; readonly revision: number } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly triagedAt: string | null;
  readonly closedAt: string | null;
  readonly sla: ConsultSla;
}

/** One entry of a consult's history. */
export interface ConsultEventView {
  readonly id: number;
  readonly at: string;
  readonly actor: ConsultPerson | null;
  readonly type: ConsultEventType;
  readonly data: Record<string, unknown>;
  /** For a comment: its markdown rendered. */
  readonly textHtml?: string;
}

/** A consult with its markdown (raw and rendered) and its history. */
export interface ConsultDetail extends ConsultSummary {
  readonly description: string;
  readonly descriptionHtml: string;
  readonly outcome: string | null;
  readonly outcomeHtml: string | null;
  readonly events: readonly ConsultEventView[];
}

// ---------------------------------------------------------------- settings

/** The SLA targets in force: the stored ones, else the defaults. */
export async function loadConsultSettings(database: HubDatabase | Db): Promise<ConsultSlaSettings> {
  const db = 'db' in database ? consultDb(database.db) : database;
  const rows = await db.selectFrom('consult_settings').selectAll().execute();
  const settings: Record<ConsultKind, ConsultSlaTargets> = { ...DEFAULT_CONSULT_SLA };
  for (const r of rows)
    settings[r.kind] = { triageDays: r.triage_days, completionDays: r.completion_days };
  return settings;
}

/** What {@link saveConsultSettings} needs: the targets of the kinds to change. */
export interface SaveConsultSettingsOptions {
  readonly targets: Partial<Record<ConsultKind, ConsultSlaTargets | undefined>>;
  readonly actorId: string;
  readonly now: number;
}

/** Stores SLA targets per kind (audit-logged, one transaction); returns the targets in force. */
export async function saveConsultSettings(
  database: HubDatabase,
  options: SaveConsultSettingsOptions,
): Promise<ConsultSlaSettings> {
  return consultDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const previous = await loadConsultSettings(trx);
      for (const kind of CONSULT_KINDS) {
        const t = options.targets[kind];
        if (t === undefined) continue;
        if (t.triageDays > t.completionDays)
          throw new ApiError(
            400,
            'VALIDATION',
            `body.${kind}.triageDays: must not exceed completionDays (${t.completionDays})`,
          );
        const values = {
          triage_days: t.triageDays,
          completion_days: t.completionDays,
          updated_at: options.now,
          updated_by: options.actorId,
        };
        await trx
          .insertInto('consult_settings')
          .values({ kind, ...values })
          .onConflict((oc) => oc.column('kind').doUpdateSet(values))
          .execute();
      }
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action: 'consult.settings.update',
        targetType: 'consult_settings',
        targetId: null,
        data: { previous, targets: options.targets },
      });
      return loadConsultSettings(trx);
    });
}

// ---------------------------------------------------------------- create

/** A new consult. The caller has checked that the actor may file for the team. */
export interface CreateConsultOptions {
  readonly teamId: string;
  readonly projectId?: string | undefined;
  readonly kind: ConsultKind;
  readonly service: string;
  readonly description: string;
  readonly wantedBy?: number | undefined;
  readonly links: readonly string[];
  readonly actorId: string;
  readonly now: number;
}

/**
 * Files a consult (status `requested`) with its `created` event and an audit-log entry, in
 * one transaction. 400 VALIDATION when the project is not one of the team's.
 */
export async function createConsult(
  database: HubDatabase,
  options: CreateConsultOptions,
): Promise<string> {
  const id = randomUUID();
  await consultDb(database.db)
    .transaction()
    .execute(async (trx) => {
      if (options.projectId !== undefined) {
        const project = await trx
          .selectFrom('projects')
          .select('team_id')
          .where('id', '=', options.projectId)
          .executeTakeFirst();
        if (project?.team_id !== options.teamId)
          throw new ApiError(400, 'VALIDATION', 'body.projectId: not a project of the team');
      }
      await trx
        .insertInto('consults')
        .values({
          id,
          team_id: options.teamId,
          project_id: options.projectId ?? null,
          requested_by: options.actorId,
          kind: options.kind,
          service: options.service,
          description: options.description,
          wanted_by: options.wantedBy ?? null,
          links: JSON.stringify(options.links),
          status: 'requested',
          owner_id: null,
          due_at: null,
          outcome: null,
          outcome_project_id: null,
          outcome_revision: null,
          created_at: options.now,
          updated_at: options.now,
          triaged_at: null,
          closed_at: null,
        })
        .execute();
      await addEvent(trx, id, options.now, options.actorId, 'created', { kind: options.kind });
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action: 'consult.create',
        targetType: 'consult',
        targetId: id,
        data: { teamId: options.teamId, kind: options.kind, service: options.service },
      });
    });
  return id;
}

async function addEvent(
  trx: Db,
  consultId: string,
  at: number,
  actorId: string,
  type: ConsultEventType,
  data: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('consult_events')
    .values({ consult_id: consultId, at, actor_id: actorId, type, data: JSON.stringify(data) })
    .execute();
}

// ---------------------------------------------------------------- read

const summarySelect = (db: Db) =>
  db
    .selectFrom('consults as c')
    .innerJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('users as r', 'r.id', 'c.requested_by')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .selectAll('c')
    .select(['t.name as team_name', 'r.username as requester_name', 'o.username as owner_name']);

type SummaryRow = ConsultRow & {
  team_name: string;
  requester_name: string | null;
  owner_name: string | null;
};

function summaryOf(r: SummaryRow, settings: ConsultSlaSettings, now: number): ConsultSummary {
  const person = (id: string | null, name: string | null) =>
    id === null || name === null ? null : { id, username: name };
  return {
    id: r.id,
    teamId: r.team_id,
    teamName: r.team_name,
    projectId: r.project_id,
    requestedBy: person(r.requested_by, r.requester_name),
    kind: r.kind,
    service: r.service,
    wantedBy: iso(r.wanted_by),
    links: JSON.parse(r.links) as string[],
    status: r.status,
    owner: person(r.owner_id, r.owner_name),
    dueAt: iso(r.due_at),
    outcomeThreatModel:
      r.outcome_project_id !== null && r.outcome_revision !== null
        ? { projectId: r.outcome_project_id, revision: r.outcome_revision }
        : null,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
    triagedAt: iso(r.triaged_at),
    closedAt: iso(r.closed_at),
    sla: consultSla(r, settings, now),
  };
}

/** A consult's row (for permission checks), or undefined. */
export async function findConsult(
  database: HubDatabase,
  consultId: string,
): Promise<ConsultRow | undefined> {
  return consultDb(database.db)
    .selectFrom('consults')
    .selectAll()
    .where('id', '=', consultId)
    .executeTakeFirst();
}

/** A consult with its rendered markdown and its history, oldest event first. */
export async function consultDetail(
  database: HubDatabase,
  consultId: string,
  now: number,
): Promise<ConsultDetail> {
  const db = consultDb(database.db);
  const row = await summarySelect(db).where('c.id', '=', consultId).executeTakeFirst();
  if (row === undefined) throw notFound('consult');
  const [settings, events] = await Promise.all([
    loadConsultSettings(db),
    db
      .selectFrom('consult_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.at', 'e.actor_id', 'e.type', 'e.data', 'u.username'])
      .where('e.consult_id', '=', consultId)
      .orderBy('e.id')
      .execute(),
  ]);
  return {
    ...summaryOf(row, settings, now),
    description: row.description,
    descriptionHtml: renderMarkdown(row.description),
    outcome: row.outcome,
    outcomeHtml: row.outcome === null ? null : renderMarkdown(row.outcome),
    events: events.map((e) => {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      return {
        id: Number(e.id),
        at: iso(e.at) as string,
        actor:
          e.actor_id === null || e.username === null
            ? null
            : { id: e.actor_id, username: e.username },
        type: e.type,
        data,
        ...(e.type === 'comment' && typeof data.text === 'string'
          ? { textHtml: renderMarkdown(data.text) }
          : {}),
      };
    }),
  };
}

/** Filters and page of {@link listConsults}. */
export interface ListConsultsOptions {
  /** The teams the caller may read; undefined: every team (an organisation reader). */
  readonly readableTeams: readonly string[] | undefined;
  readonly status?: readonly ConsultStatus[] | undefined;
  readonly kind?: ConsultKind | undefined;
  readonly teamId?: string | undefined;
  readonly ownerId?: string | undefined;
  /** true: open consults only; false: closed only. */
  readonly open?: boolean | undefined;
  /** `urgency` (default): open first, earliest pending SLA deadline first; `newest`: by request time. */
  readonly sort?: 'urgency' | 'newest' | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly now: number;
}

/**
 * The consult queue: one page and the total count. Sorted by urgency in the database: open
 * consults by their next pending deadline (the triage deadline while nobody responded, or
 * the completion deadline if that is earlier; then the completion deadline), closed ones
 * after them, newest closure first.
 */
export async function listConsults(
  database: HubDatabase,
  options: ListConsultsOptions,
): Promise<{ consults: ConsultSummary[]; total: number }> {
  const db = consultDb(database.db);
  if (options.readableTeams !== undefined && options.readableTeams.length === 0)
    return { consults: [], total: 0 };
  const settings = await loadConsultSettings(db);
  let query = summarySelect(db);
  if (options.readableTeams !== undefined)
    query = query.where('c.team_id', 'in', [...options.readableTeams]);
  if (options.status !== undefined) query = query.where('c.status', 'in', [...options.status]);
  if (options.kind !== undefined) query = query.where('c.kind', '=', options.kind);
  if (options.teamId !== undefined) query = query.where('c.team_id', '=', options.teamId);
  if (options.ownerId !== undefined) query = query.where('c.owner_id', '=', options.ownerId);
  if (options.open === true) query = query.where('c.status', 'not in', [...CLOSED_STATUSES]);
  if (options.open === false) query = query.where('c.status', 'in', [...CLOSED_STATUSES]);

  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  const days = (pick: (t: ConsultSlaTargets) => number) =>
    sql<number>`case when ${sql.ref('c.kind')} = 'design_review' then cast(${
      pick(settings.design_review) * DAY_MS
    } as bigint) else cast(${pick(settings.threat_model) * DAY_MS} as bigint) end`;
  const created = sql.ref('c.created_at');
  const triageDue = sql<number>`(${created} + ${days((t) => t.triageDays)})`;
  const completionDue = sql<number>`coalesce(${sql.ref('c.due_at')}, ${created} + ${days(
    (t) => t.completionDays,
  )})`;
  const closed = sql.join(CLOSED_STATUSES.map((s) => sql.lit(s)));
  const pending = sql<
    number | null
  >`case when ${sql.ref('c.status')} in (${closed}) then null when ${sql.ref(
    'c.triaged_at',
  )} is null and ${triageDue} < ${completionDue} then ${triageDue} else ${completionDue} end`;

  let ordered = query;
  if ((options.sort ?? 'urgency') === 'urgency') {
    ordered = ordered
      .orderBy(sql`case when ${pending} is null then 1 else 0 end`)
      .orderBy(pending)
      .orderBy('c.closed_at', 'desc')
      .orderBy('c.created_at')
      .orderBy('c.id');
  } else {
    ordered = ordered.orderBy('c.created_at', 'desc').orderBy('c.id');
  }
  const rows = await ordered.limit(options.limit).offset(options.offset).execute();
  return {
    consults: rows.map((r) => summaryOf(r, settings, options.now)),
    total: Number(counted.n),
  };
}

// ---------------------------------------------------------------- update

/** A change to a consult; every field is optional. The caller has checked the permission. */
export interface ConsultPatch {
  readonly status?: ConsultStatus | undefined;
  /** A security or admin user; null: nobody. */
  readonly ownerId?: string | null | undefined;
  readonly dueAt?: number | null | undefined;
  readonly outcome?: string | null | undefined;
  readonly outcomeThreatModel?: { projectId: string; revision: number } | null | undefined;
}

/** A 409 for a move the status machine does not allow. */
export function invalidTransition(from: ConsultStatus, to: ConsultStatus): ApiError {
  const allowed = CONSULT_TRANSITIONS[from];
  return new ApiError(
    409,
    'INVALID_TRANSITION',
    `a consult cannot move from ${from} to ${to}; from ${from} it may move to ${
      allowed.length === 0 ? 'nothing (it is closed: file a new consult)' : allowed.join(', ')
    }`,
  );
}

/**
 * Applies a change in one transaction: each field that differs becomes an event, and the
 * whole change one audit-log entry. 409 INVALID_TRANSITION for a move the status machine
 * does not allow; 400 VALIDATION when done or declined comes without an outcome, the owner
 * is not a security or admin user, or the threat-model link does not name a stored
 * revision of one of the team's projects.
 */
export async function updateConsult(
  database: HubDatabase,
  consultId: string,
  patch: ConsultPatch,
  actorId: string,
  now: number,
): Promise<void> {
  await consultDb(database.db)
    .transaction()
    .execute(async (trx) => {
      // Takes the row's write lock first (PostgreSQL: a row lock; SQLite: the database's),
      // so two changes to one consult apply one after another.
      await trx
        .updateTable('consults')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', consultId)
        .execute();
      const row = await trx
        .selectFrom('consults')
        .selectAll()
        .where('id', '=', consultId)
        .executeTakeFirst();
      if (row === undefined) throw notFound('consult');
      const changes: Partial<ConsultRow> = {};
      const events: [ConsultEventType, Record<string, unknown>][] = [];

      if (patch.ownerId !== undefined && patch.ownerId !== row.owner_id) {
        if (patch.ownerId !== null) {
          const owner = await trx
            .selectFrom('users')
            .select(['global_role', 'disabled'])
            .where('id', '=', patch.ownerId)
            .executeTakeFirst();
          if (
            owner === undefined ||
            owner.disabled !== 0 ||
            (owner.global_role !== 'security' && owner.global_role !== 'admin')
          )
            throw new ApiError(
              400,
              'VALIDATION',
              'body.ownerId: not an active security or admin user',
            );
        }
        changes.owner_id = patch.ownerId;
        events.push(['owner', { from: row.owner_id, to: patch.ownerId }]);
      }
      if (patch.dueAt !== undefined && patch.dueAt !== row.due_at) {
        changes.due_at = patch.dueAt;
        events.push(['due', { from: iso(row.due_at), to: iso(patch.dueAt) }]);
      }
      const link =
        patch.outcomeThreatModel === undefined
          ? undefined
          : patch.outcomeThreatModel === null
            ? { project: null, revision: null }
            : {
                project: patch.outcomeThreatModel.projectId,
                revision: patch.outcomeThreatModel.revision,
              };
      if (link?.project != null) {
        const project = await trx
          .selectFrom('projects')
          .select('team_id')
          .where('id', '=', link.project)
          .executeTakeFirst();
        if (project?.team_id !== row.team_id)
          throw new ApiError(
            400,
            'VALIDATION',
            "body.outcomeThreatModel.projectId: not a project of the consult's team",
          );
        const revision = await trx
          .selectFrom('threat_models')
          .select('id')
          .where('project_id', '=', link.project)
          .where('revision', '=', link.revision as number)
          .executeTakeFirst();
        if (revision === undefined)
          throw new ApiError(
            400,
            'VALIDATION',
            `body.outcomeThreatModel.revision: the project has no threat-model revision ${link.revision}`,
          );
      }
      const outcome = patch.outcome === undefined ? row.outcome : patch.outcome;
      const linkChanged =
        link !== undefined &&
        (link.project !== row.outcome_project_id || link.revision !== row.outcome_revision);
      if ((patch.outcome !== undefined && patch.outcome !== row.outcome) || linkChanged) {
        if (patch.outcome !== undefined) changes.outcome = patch.outcome;
        if (link !== undefined) {
          changes.outcome_project_id = link.project;
          changes.outcome_revision = link.revision;
        }
        events.push([
          'outcome',
          {
            ...(patch.outcome !== undefined && patch.outcome !== row.outcome
              ? { text: patch.outcome }
              : {}),
            ...(linkChanged
              ? {
                  threatModel:
                    link?.project == null
                      ? null
                      : { projectId: link.project, revision: link.revision },
                }
              : {}),
          },
        ]);
      }
      if (patch.status !== undefined && patch.status !== row.status) {
        if (!canTransition(row.status, patch.status))
          throw invalidTransition(row.status, patch.status);
        if ((patch.status === 'done' || patch.status === 'declined') && !outcome?.trim())
          throw new ApiError(
            400,
            'VALIDATION',
            `body.outcome: required to close a consult as ${patch.status} (what was decided, or why it was declined)`,
          );
        changes.status = patch.status;
        if (row.triaged_at === null && patch.status !== 'cancelled') changes.triaged_at = now;
        if (isClosed(patch.status)) changes.closed_at = now;
        events.push(['status', { from: row.status, to: patch.status }]);
      }
      if (events.length === 0) return;
      await trx
        .updateTable('consults')
        .set({ ...changes, updated_at: now })
        .where('id', '=', consultId)
        .execute();
      for (const [type, data] of events) await addEvent(trx, consultId, now, actorId, type, data);
      await recordAudit(trx, now, {
        actorId,
        action: 'consult.update',
        targetType: 'consult',
        targetId: consultId,
        data: Object.fromEntries(events.map(([type, data]) => [type, data])),
      });
    });
}

/** Adds a comment (markdown) to a consult's history, audit-logged. */
export async function commentOnConsult(
  database: HubDatabase,
  consultId: string,
  text: string,
  actorId: string,
  now: number,
): Promise<void> {
  await consultDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const updated = await trx
        .updateTable('consults')
        .set({ updated_at: now })
        .where('id', '=', consultId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw notFound('consult');
      await addEvent(trx, consultId, now, actorId, 'comment', { text });
      await recordAudit(trx, now, {
        actorId,
        action: 'consult.comment',
        targetType: 'consult',
        targetId: consultId,
        data: { length: text.length },
      });
    });
}
