import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { renderMarkdown } from '../desk/markdown.js';
import {
  type FeedbackDatabase,
  feedbackDb,
  type RuleFeedbackKind,
  type RuleFeedbackStatus,
  type RuleFeedbackTable,
} from './tables.js';

type Db = Kysely<FeedbackDatabase> | Transaction<FeedbackDatabase>;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The kinds of feedback. */
export const RULE_FEEDBACK_KINDS = [
  'noisy',
  'false_positive',
  'missed_vulnerability',
  'unclear_message',
  'other',
] as const satisfies RuleFeedbackKind[];

/** The statuses of feedback. */
export const RULE_FEEDBACK_STATUSES = [
  'open',
  'acknowledged',
  'fixed',
  'wont_fix',
] as const satisfies RuleFeedbackStatus[];

/** Statuses still waiting for security: `openFeedback` counts these. */
export const UNRESOLVED_FEEDBACK: readonly RuleFeedbackStatus[] = ['open', 'acknowledged'];

/**
 * The allowed moves: security acknowledges, then closes as fixed or won't fix (or closes
 * at once); closed feedback may be reopened to `acknowledged` when the rule is still noisy.
 */
export const FEEDBACK_TRANSITIONS: Readonly<
  Record<RuleFeedbackStatus, readonly RuleFeedbackStatus[]>
> = {
  open: ['acknowledged', 'fixed', 'wont_fix'],
  acknowledged: ['fixed', 'wont_fix'],
  fixed: ['acknowledged'],
  wont_fix: ['acknowledged'],
};

/** A feedback row, as read. */
export type RuleFeedbackRow = Selectable<RuleFeedbackTable>;

/** A piece of feedback, as the API gives it. */
export interface RuleFeedbackView {
  readonly id: string;
  readonly scanner: string;
  readonly ruleId: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly author: { readonly id: string; readonly username: string } | null;
  readonly kind: RuleFeedbackKind;
  readonly body: string;
  readonly bodyHtml: string;
  readonly findingId: string | null;
  readonly status: RuleFeedbackStatus;
  readonly response: string | null;
  readonly responseHtml: string | null;
  readonly respondedBy: { readonly id: string; readonly username: string } | null;
  readonly respondedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const viewSelect = (db: Db) =>
  db
    .selectFrom('rule_feedback as f')
    .innerJoin('teams as t', 't.id', 'f.team_id')
    .leftJoin('users as a', 'a.id', 'f.author_id')
    .leftJoin('users as r', 'r.id', 'f.responded_by')
    .selectAll('f')
    .select(['t.name as team_name', 'a.username as author_name', 'r.username as responder_name']);

type ViewRow = RuleFeedbackRow & {
  team_name: string;
  author_name: string | null;
  responder_name: string | null;
};

function viewOf(r: ViewRow): RuleFeedbackView {
  const person = (id: string | null, name: string | null) =>
    id === null || name === null ? null : { id, username: name };
  return {
    id: r.id,
    scanner: r.scanner,
    ruleId: r.rule_id,
    teamId: r.team_id,
    teamName: r.team_name,
    author: person(r.author_id, r.author_name),
    kind: r.kind,
    body: r.body,
    bodyHtml: renderMarkdown(r.body),
    findingId: r.finding_id,
    status: r.status,
    response: r.response,
    responseHtml: r.response === null ? null : renderMarkdown(r.response),
    respondedBy: person(r.responded_by, r.responder_name),
    respondedAt: iso(r.responded_at),
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

/** New feedback. The caller has checked that the author may file for the team. */
export interface CreateRuleFeedbackOptions {
  readonly scanner: string;
  readonly ruleId: string;
  readonly teamId: string;
  readonly kind: RuleFeedbackKind;
  readonly body: string;
  readonly findingId?: string | undefined;
  readonly actorId: string;
  readonly now: number;
}

/**
 * Files feedback (status `open`) with an audit-log entry, in one transaction. 400
 * VALIDATION when the finding is not one of the team's, or is of another rule.
 */
export async function createRuleFeedback(
  database: HubDatabase,
  options: CreateRuleFeedbackOptions,
): Promise<string> {
  const id = randomUUID();
  await feedbackDb(database.db)
    .transaction()
    .execute(async (trx) => {
      if (options.findingId !== undefined) {
        const finding = await trx
          .selectFrom('findings as f')
          .innerJoin('projects as p', 'p.id', 'f.project_id')
          .select(['p.team_id', 'f.scanner', 'f.rule_id'])
          .where('f.id', '=', options.findingId)
          .executeTakeFirst();
        if (finding?.team_id !== options.teamId)
          throw new ApiError(400, 'VALIDATION', 'body.findingId: not a finding of the team');
        if (finding.scanner !== options.scanner || finding.rule_id !== options.ruleId)
          throw new ApiError(
            400,
            'VALIDATION',
            `body.findingId: the finding is of rule ${finding.scanner}/${finding.rule_id}, not ${options.scanner}/${options.ruleId}`,
          );
      }
      await trx
        .insertInto('rule_feedback')
        .values({
          id,
          scanner: options.scanner,
          rule_id: options.ruleId,
          team_id: options.teamId,
          author_id: options.actorId,
          kind: options.kind,
          body: options.body,
          finding_id: options.findingId ?? null,
          status: 'open',
          response: null,
          responded_by: null,
          responded_at: null,
          created_at: options.now,
          updated_at: options.now,
        })
        .execute();
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action: 'rule_feedback.create',
        targetType: 'rule_feedback',
        targetId: id,
        data: {
          scanner: options.scanner,
          ruleId: options.ruleId,
          teamId: options.teamId,
          kind: options.kind,
        },
      });
    });
  return id;
}

/** A feedback row (for permission checks), or undefined. */
export async function findRuleFeedback(
  database: HubDatabase,
  feedbackId: string,
): Promise<RuleFeedbackRow | undefined> {
  return feedbackDb(database.db)
    .selectFrom('rule_feedback')
    .selectAll()
    .where('id', '=', feedbackId)
    .executeTakeFirst();
}

/** A piece of feedback as the API gives it; 404 when there is none. */
export async function ruleFeedbackView(
  database: HubDatabase,
  feedbackId: string,
): Promise<RuleFeedbackView> {
  const row = await viewSelect(feedbackDb(database.db))
    .where('f.id', '=', feedbackId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('feedback');
  return viewOf(row);
}

/** Filters and page of {@link listRuleFeedback}. */
export interface ListRuleFeedbackOptions {
  /** The teams the caller may read; undefined: every team. */
  readonly readableTeams: readonly string[] | undefined;
  readonly status?: readonly RuleFeedbackStatus[] | undefined;
  readonly scanner?: string | undefined;
  readonly ruleId?: string | undefined;
  readonly teamId?: string | undefined;
  readonly authorId?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Feedback the caller may read, newest first: one page and the total count. */
export async function listRuleFeedback(
  database: HubDatabase,
  options: ListRuleFeedbackOptions,
): Promise<{ feedback: RuleFeedbackView[]; total: number }> {
  if (options.readableTeams !== undefined && options.readableTeams.length === 0)
    return { feedback: [], total: 0 };
  let query = viewSelect(feedbackDb(database.db));
  if (options.readableTeams !== undefined)
    query = query.where('f.team_id', 'in', [...options.readableTeams]);
  if (options.status !== undefined) query = query.where('f.status', 'in', [...options.status]);
  if (options.scanner !== undefined) query = query.where('f.scanner', '=', options.scanner);
  if (options.ruleId !== undefined) query = query.where('f.rule_id', '=', options.ruleId);
  if (options.teamId !== undefined) query = query.where('f.team_id', '=', options.teamId);
  if (options.authorId !== undefined) query = query.where('f.author_id', '=', options.authorId);
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { feedback: rows.map(viewOf), total: Number(counted.n) };
}

/** A change to feedback. The caller has checked who may change what. */
export interface RuleFeedbackPatch {
  /** The author's edit of the text (only while open). */
  readonly body?: string | undefined;
  readonly status?: RuleFeedbackStatus | undefined;
  readonly response?: string | null | undefined;
}

/**
 * Applies a change in one transaction with an audit-log entry. 409 INVALID_TRANSITION for a
 * move the status machine does not allow; 409 FEEDBACK_NOT_OPEN when the body is edited
 * after security took it up; 400 VALIDATION when fixed or won't fix comes without a
 * response (the champion is owed an answer).
 */
export async function updateRuleFeedback(
  database: HubDatabase,
  feedbackId: string,
  patch: RuleFeedbackPatch,
  actorId: string,
  now: number,
): Promise<void> {
  await feedbackDb(database.db)
    .transaction()
    .execute(async (trx) => {
      // The row's write lock first, so two changes apply one after another.
      await trx
        .updateTable('rule_feedback')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', feedbackId)
        .execute();
      const row = await trx
        .selectFrom('rule_feedback')
        .selectAll()
        .where('id', '=', feedbackId)
        .executeTakeFirst();
      if (row === undefined) throw notFound('feedback');
      const changes: Partial<RuleFeedbackRow> = {};
      if (patch.body !== undefined && patch.body !== row.body) {
        if (row.status !== 'open')
          throw new ApiError(
            409,
            'FEEDBACK_NOT_OPEN',
            `the feedback is ${row.status}: it can no longer be edited (comment through a new piece of feedback)`,
          );
        changes.body = patch.body;
      }
      if (patch.response !== undefined && patch.response !== row.response) {
        changes.response = patch.response;
        changes.responded_by = actorId;
        changes.responded_at = now;
      }
      if (patch.status !== undefined && patch.status !== row.status) {
        if (!FEEDBACK_TRANSITIONS[row.status].includes(patch.status))
          throw new ApiError(
            409,
            'INVALID_TRANSITION',
            `feedback cannot move from ${row.status} to ${patch.status}; from ${row.status} it may move to ${FEEDBACK_TRANSITIONS[row.status].join(', ')}`,
          );
        const response = patch.response === undefined ? row.response : patch.response;
        if ((patch.status === 'fixed' || patch.status === 'wont_fix') && !response?.trim())
          throw new ApiError(
            400,
            'VALIDATION',
            `body.response: required to close feedback as ${patch.status} (tell the champion what was done)`,
          );
        changes.status = patch.status;
      }
      if (Object.keys(changes).length === 0) return;
      await trx
        .updateTable('rule_feedback')
        .set({ ...changes, updated_at: now })
        .where('id', '=', feedbackId)
        .execute();
      await recordAudit(trx, now, {
        actorId,
        action: 'rule_feedback.update',
        targetType: 'rule_feedback',
        targetId: feedbackId,
        data: {
          ...(changes.status !== undefined ? { from: row.status, to: changes.status } : {}),
          ...(changes.body !== undefined ? { bodyEdited: true } : {}),
          ...(changes.response !== undefined ? { responded: true } : {}),
        },
      });
    });
}
