import { randomUUID } from 'node:crypto';
import { cweName } from '@rampart/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ApiError } from '../../api-error.js';
import { recordAudit } from '../../auth/audit.js';
import { isUniqueViolation, notFound } from '../../auth/input.js';
import type { HubDatabase } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { applyChallenges, specErrorToApi } from '../challenge-store.js';
import { storeFlag } from '../flags.js';
import type { CtfScoring } from '../tables.js';
import {
  anonymise,
  describeReplacements,
  type KnownNames,
  type ReplacementCounts,
} from './anonymise.js';
import {
  categoryOf,
  challengeDescription,
  defaultTitle,
  HISTORY_QUESTION,
  historyFlag,
  languageOf,
  lineCount,
} from './challenge-text.js';
import {
  type CtfHistoryDatabase,
  type CtfHistoryDraftTable,
  ctfHistoryDb,
  type HistoryDraftStatus,
} from './tables.js';

/** A draft row. */
export type DraftRow = Selectable<CtfHistoryDraftTable>;
type Db = Kysely<CtfHistoryDatabase>;

/** What a fixed finding gives a challenge: its code snippet, where it was, its CWEs. */
interface SnippetFacts {
  readonly snippet: string;
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly cwe: readonly string[];
}

/** The snippet facts of a finding's stored JSON, or undefined when it has no code snippet or CWE. */
export function snippetFacts(data: string): SnippetFacts | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const f = parsed as {
    location?: {
      kind?: unknown;
      path?: unknown;
      snippet?: unknown;
      region?: { startLine?: unknown; endLine?: unknown };
    };
    cwe?: unknown;
  };
  const loc = f.location;
  if (loc?.kind !== 'code' || typeof loc.snippet !== 'string' || loc.snippet.trim() === '')
    return undefined;
  const cwe = Array.isArray(f.cwe)
    ? f.cwe.filter((c): c is string => typeof c === 'string' && /^CWE-[1-9]\d*$/.test(c))
    : [];
  if (cwe.length === 0) return undefined;
  const startLine = typeof loc.region?.startLine === 'number' ? loc.region.startLine : 1;
  const endLine = typeof loc.region?.endLine === 'number' ? loc.region.endLine : startLine;
  return {
    snippet: loc.snippet.replace(/\r\n?/g, '\n').replace(/\n+$/, ''),
    path: typeof loc.path === 'string' ? loc.path : '',
    startLine,
    endLine,
    cwe,
  };
}

/** A fixed finding that could become a challenge. */
export interface Candidate {
  readonly findingId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: string;
  readonly scanner: string;
  readonly cwe: readonly string[];
  readonly projectId: string;
  readonly projectName: string;
  readonly fixedAt: string | null;
  readonly lines: number;
}

/** How many fixed findings {@link listCandidates} reads at most to fill a page. */
export const MAX_CANDIDATE_SCAN = 5_000;

/**
 * Fixed code findings with a snippet and a CWE (of `cwe` when given), the latest fixes
 * first, leaving out those already used for a draft. The snippet is checked in the stored
 * JSON, so the findings are read in batches until `limit` are found (at most
 * {@link MAX_CANDIDATE_SCAN} read).
 */
export async function listCandidates(
  database: HubDatabase,
  options: { readonly cwe?: string; readonly limit: number },
): Promise<Candidate[]> {
  const db = ctfHistoryDb(database.db);
  const out: Candidate[] = [];
  const batch = 200;
  for (let offset = 0; out.length < options.limit && offset < MAX_CANDIDATE_SCAN; offset += batch) {
    const rows = await db
      .selectFrom('findings as f')
      .innerJoin('projects as p', 'p.id', 'f.project_id')
      .select([
        'f.id',
        'f.rule_id',
        'f.title',
        'f.severity',
        'f.scanner',
        'f.data',
        'f.fixed_at',
        'f.project_id',
        'p.name as project_name',
      ])
      .where('f.status', '=', 'fixed')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('ctf_history_drafts as d')
              .select('d.id')
              .whereRef('d.finding_id', '=', 'f.id'),
          ),
        ),
      )
      .orderBy('f.fixed_at', 'desc')
      .orderBy('f.id')
      .limit(batch)
      .offset(offset)
      .execute();
    for (const row of rows) {
      const facts = snippetFacts(row.data);
      if (facts === undefined) continue;
      if (options.cwe !== undefined && !facts.cwe.includes(options.cwe)) continue;
      out.push({
        findingId: row.id,
        ruleId: row.rule_id,
        title: row.title,
        severity: row.severity,
        scanner: row.scanner,
        cwe: facts.cwe,
        projectId: row.project_id,
        projectName: row.project_name,
        fixedAt: row.fixed_at === null ? null : new Date(Number(row.fixed_at)).toISOString(),
        lines: lineCount(facts.snippet),
      });
      if (out.length >= options.limit) break;
    }
    if (rows.length < batch) break;
  }
  return out;
}

/** The organisation's names the anonymiser replaces: projects, repositories, teams, people. */
export async function knownNames(db: Db, path: string): Promise<KnownNames> {
  const projects = await db.selectFrom('projects').select(['name', 'repository']).execute();
  const teams = await db.selectFrom('teams').select(['name', 'slug']).execute();
  const users = await db.selectFrom('users').select(['display_name', 'username']).execute();
  return {
    projects: projects.map((p) => p.name),
    repositories: projects.flatMap((p) => (p.repository === null ? [] : [p.repository])),
    teams: teams.flatMap((t) => [t.name, t.slug]),
    people: users.flatMap((u) => [u.display_name, u.username]),
    paths: path === '' ? [] : [path],
  };
}

function audit(trx: Transaction<CtfHistoryDatabase>) {
  return trx as unknown as Transaction<Database>;
}

/**
 * Builds a draft from a fixed finding: its snippet anonymised (the original is not stored),
 * the vulnerable line (the first line of the snippet: a snippet is the lines the rule
 * matched, starting at the finding's line), its first CWE, the title and question, and notes
 * for the reviewer. Audit-logged with the replacement counts. 409 when the finding is not
 * fixed or already has a draft; 400 when it has no code snippet or no CWE.
 */
export async function generateDraft(
  database: HubDatabase,
  findingId: string,
  actorId: string,
  now: number,
): Promise<string> {
  const db = ctfHistoryDb(database.db);
  const finding = await db
    .selectFrom('findings')
    .select(['id', 'status', 'data'])
    .where('id', '=', findingId)
    .executeTakeFirst();
  if (finding === undefined) throw notFound('finding');
  if (finding.status !== 'fixed')
    throw new ApiError(409, 'FINDING_NOT_FIXED', 'only a fixed finding can become a challenge');
  const facts = snippetFacts(finding.data);
  if (facts === undefined)
    throw new ApiError(
      400,
      'NOT_A_CANDIDATE',
      'the finding has no code snippet or no CWE: it cannot become a "spot the bug" challenge',
    );
  const cwe = facts.cwe[0] as string;
  const { text, replacements } = anonymise(facts.snippet, await knownNames(db, facts.path));
  const lines = lineCount(text);
  const notes: string[] = [];
  if (lines === 1)
    notes.push(
      'The stored snippet is a single line, so the answer is always line 1. The challenge is still valid (the weakness must be named), but you may add neutral context lines around it and move the vulnerable line number.',
    );
  else
    notes.push(
      `The snippet is the ${lines} lines the rule matched; the vulnerable line is taken to be the first (the finding's line). Check it.`,
    );
  if (facts.cwe.length > 1)
    notes.push(`The finding names several CWEs (${facts.cwe.join(', ')}); the first is used.`);
  notes.push(
    'The anonymiser works from patterns and known names: read the code for anything that still identifies us (names, services, internal terms) before approving.',
  );
  const id = randomUUID();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('ctf_history_drafts')
        .values({
          id,
          finding_id: finding.id,
          created_by: actorId,
          created_at: now,
          updated_at: now,
          status: 'draft',
          snippet: text,
          line: 1,
          cwe,
          language: languageOf(facts.path),
          title: defaultTitle(cwe),
          description: HISTORY_QUESTION,
          replacements: JSON.stringify(replacements),
          notes: JSON.stringify(notes),
          reviewed_by: null,
          reviewed_at: null,
          challenge_id: null,
        })
        .execute();
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'ctf.history.draft.create',
        targetType: 'ctf_history_draft',
        targetId: id,
        data: { findingId: finding.id, replacements },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError(409, 'DRAFT_EXISTS', 'this finding has a draft already');
    throw error;
  }
  return id;
}

/** A draft as the API shows it. */
export interface DraftView {
  readonly id: string;
  readonly findingId: string | null;
  readonly status: HistoryDraftStatus;
  readonly snippet: string;
  readonly lines: number;
  readonly line: number;
  readonly cwe: string;
  readonly cweName: string | null;
  readonly category: string;
  readonly language: string;
  readonly title: string;
  readonly description: string;
  readonly replacements: ReplacementCounts;
  readonly replacementSummary: string;
  readonly notes: readonly string[];
  /** The challenge's description as players will read it. */
  readonly preview: string;
  readonly createdBy: { readonly id: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly reviewedBy: { readonly id: string; readonly name: string } | null;
  readonly reviewedAt: string | null;
  readonly challengeId: string | null;
  readonly eventId: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** The drafts, newest first (`status` filters), as views. */
export async function draftViews(
  database: HubDatabase,
  filter: { readonly id?: string; readonly status?: HistoryDraftStatus } = {},
): Promise<DraftView[]> {
  const db = ctfHistoryDb(database.db);
  let query = db
    .selectFrom('ctf_history_drafts as d')
    .leftJoin('users as c', 'c.id', 'd.created_by')
    .leftJoin('users as r', 'r.id', 'd.reviewed_by')
    .leftJoin('ctf_challenges as ch', 'ch.id', 'd.challenge_id')
    .selectAll('d')
    .select(['c.display_name as creator_name', 'r.display_name as reviewer_name', 'ch.event_id'])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id');
  if (filter.id !== undefined) query = query.where('d.id', '=', filter.id);
  if (filter.status !== undefined) query = query.where('d.status', '=', filter.status);
  const rows = await query.execute();
  return rows.map((d) => {
    const replacements = JSON.parse(d.replacements) as ReplacementCounts;
    return {
      id: d.id,
      findingId: d.finding_id,
      status: d.status,
      snippet: d.snippet,
      lines: lineCount(d.snippet),
      line: d.line,
      cwe: d.cwe,
      cweName: cweName(d.cwe) ?? null,
      category: categoryOf(d.cwe),
      language: d.language,
      title: d.title,
      description: d.description,
      replacements,
      replacementSummary: describeReplacements(replacements),
      notes: JSON.parse(d.notes) as string[],
      preview: challengeDescription(d.description, d.snippet, d.language),
      createdBy:
        d.created_by === null ? null : { id: d.created_by, name: d.creator_name ?? d.created_by },
      createdAt: iso(d.created_at) as string,
      updatedAt: iso(d.updated_at) as string,
      reviewedBy:
        d.reviewed_by === null
          ? null
          : { id: d.reviewed_by, name: d.reviewer_name ?? d.reviewed_by },
      reviewedAt: iso(d.reviewed_at),
      challengeId: d.challenge_id,
      eventId: d.event_id ?? null,
    };
  });
}

/** A reviewer's change to a draft: edits (only while `draft`) and an optional decision. */
export interface DraftChange {
  readonly snippet?: string | undefined;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly line?: number | undefined;
  readonly cwe?: string | undefined;
  /** approve: draft → approved (frozen); reject: draft or approved → rejected; reopen: rejected → draft. */
  readonly action?: 'approve' | 'reject' | 'reopen' | undefined;
}

const FROM: Record<NonNullable<DraftChange['action']>, readonly HistoryDraftStatus[]> = {
  approve: ['draft'],
  reject: ['draft', 'approved'],
  reopen: ['rejected'],
};
const TO: Record<NonNullable<DraftChange['action']>, HistoryDraftStatus> = {
  approve: 'approved',
  reject: 'rejected',
  reopen: 'draft',
};

/**
 * Edits and/or decides on a draft, audit-logged. Edits are refused once the draft is no
 * longer a `draft` (409 DRAFT_FROZEN: an approved draft is frozen). Approving checks that
 * the line is inside the snippet and that Rampart's secret detectors find nothing in it
 * (409 SNIPPET_HAS_SECRET), since a reviewer's edit may bring one back.
 */
export async function changeDraft(
  database: HubDatabase,
  draftId: string,
  change: DraftChange,
  actorId: string,
  now: number,
): Promise<void> {
  await ctfHistoryDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const draft = await trx
        .selectFrom('ctf_history_drafts')
        .selectAll()
        .where('id', '=', draftId)
        .executeTakeFirst();
      if (draft === undefined) throw notFound('draft');
      const edits = {
        ...(change.snippet === undefined
          ? {}
          : { snippet: change.snippet.replace(/\r\n?/g, '\n').replace(/\n+$/, '') }),
        ...(change.title === undefined ? {} : { title: change.title }),
        ...(change.description === undefined ? {} : { description: change.description }),
        ...(change.line === undefined ? {} : { line: change.line }),
        ...(change.cwe === undefined ? {} : { cwe: change.cwe }),
      };
      const edited = Object.keys(edits);
      if (edited.length > 0 && draft.status !== 'draft')
        throw new ApiError(
          409,
          'DRAFT_FROZEN',
          `the draft is ${draft.status}: only a draft can be edited`,
        );
      const next = { ...draft, ...edits };
      if (next.snippet.trim() === '')
        throw new ApiError(400, 'VALIDATION', 'body.snippet: the snippet is empty');
      if (next.line > lineCount(next.snippet))
        throw new ApiError(
          400,
          'VALIDATION',
          `body.line: the snippet has ${lineCount(next.snippet)} lines; line ${next.line} is outside it`,
        );
      let status = draft.status;
      if (change.action !== undefined) {
        if (!FROM[change.action].includes(draft.status))
          throw new ApiError(
            409,
            'DRAFT_STATUS',
            `cannot ${change.action} a draft that is ${draft.status}`,
          );
        if (change.action === 'approve') {
          const residual = anonymise(next.snippet, {
            projects: [],
            repositories: [],
            teams: [],
            people: [],
          }).replacements;
          if ((residual.secret ?? 0) > 0)
            throw new ApiError(
              409,
              'SNIPPET_HAS_SECRET',
              'the snippet holds something that looks like a secret: replace it before approving',
            );
        }
        status = TO[change.action];
      }
      const decided = change.action === 'approve' || change.action === 'reject';
      const updated = await trx
        .updateTable('ctf_history_drafts')
        .set({
          ...edits,
          status,
          updated_at: now,
          ...(decided ? { reviewed_by: actorId, reviewed_at: now } : {}),
          ...(change.action === 'reopen' ? { reviewed_by: null, reviewed_at: null } : {}),
        })
        .where('id', '=', draftId)
        .where('status', '=', draft.status)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw new ApiError(409, 'DRAFT_STATUS', 'the draft changed meanwhile: reload it');
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'ctf.history.draft.update',
        targetType: 'ctf_history_draft',
        targetId: draftId,
        data: { edited, action: change.action ?? null, status },
      });
    });
}

/** How a published challenge scores. */
export interface PublishOptions {
  readonly eventId: string;
  readonly scoring: CtfScoring;
  readonly points: number;
  readonly minimum: number | null;
  readonly decay: number | null;
  readonly published: boolean;
}

/**
 * Publishes an approved draft as a challenge of the event, through the challenge store, in
 * one transaction with the draft's move to `published`: the description is the draft's text,
 * the flag format and the numbered snippet; the flag `L<line>:CWE-<n>` is case-insensitive
 * (stored as an argon2id hash). 409 DRAFT_NOT_APPROVED unless the draft is approved.
 * Audit-logged (`ctf.challenge.create` and `ctf.history.draft.publish`). Returns the challenge id.
 */
export async function publishDraft(
  database: HubDatabase,
  draftId: string,
  options: PublishOptions,
  actorId: string,
  now: number,
): Promise<string> {
  const db = ctfHistoryDb(database.db);
  const draft = await db
    .selectFrom('ctf_history_drafts')
    .selectAll()
    .where('id', '=', draftId)
    .executeTakeFirst();
  if (draft === undefined) throw notFound('draft');
  const notApproved = (status: string) =>
    new ApiError(
      409,
      'DRAFT_NOT_APPROVED',
      `only an approved draft can be published; this one is ${status}`,
    );
  if (draft.status !== 'approved') throw notApproved(draft.status);
  const flag = await storeFlag('case_insensitive', historyFlag(draft.line, draft.cwe));
  try {
    return await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('ctf_history_drafts')
        .set({ status: 'published', updated_at: now })
        .where('id', '=', draftId)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw notApproved('no longer approved');
      const count = await trx
        .selectFrom('ctf_challenges')
        .select(trx.fn.countAll<number>().as('n'))
        .where('event_id', '=', options.eventId)
        .executeTakeFirstOrThrow();
      const slug = `history-${draft.id.slice(0, 8)}`;
      const outcome = await applyChallenges(
        trx,
        options.eventId,
        [
          {
            slug,
            title: draft.title,
            category: categoryOf(draft.cwe),
            description: challengeDescription(draft.description, draft.snippet, draft.language),
            scoring: options.scoring,
            points: options.points,
            minimum: options.scoring === 'static' ? null : options.minimum,
            decay: options.scoring === 'static' ? null : options.decay,
            flag,
            hints: [],
            prerequisites: [],
            published: options.published,
            position: Number(count.n),
          },
        ],
        now,
      );
      if (outcome.updated.length > 0)
        throw new ApiError(409, 'CONFLICT', `a challenge "${slug}" exists in this event`);
      const challengeId = outcome.ids[0] as string;
      await trx
        .updateTable('ctf_history_drafts')
        .set({ challenge_id: challengeId })
        .where('id', '=', draftId)
        .execute();
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'ctf.challenge.create',
        targetType: 'ctf_challenge',
        targetId: challengeId,
        data: {
          eventId: options.eventId,
          slug,
          flagChanged: true,
          hintsChanged: false,
          fromDraft: draftId,
        },
      });
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'ctf.history.draft.publish',
        targetType: 'ctf_history_draft',
        targetId: draftId,
        data: { eventId: options.eventId, challengeId },
      });
      return challengeId;
    });
  } catch (error) {
    throw specErrorToApi(error);
  }
}
