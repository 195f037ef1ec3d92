import { createHash, randomUUID } from 'node:crypto';
import { ConfigError } from '@rampart/core';
import {
  evaluateThreats,
  parseThreatModel,
  summarizeThreats,
  THREAT_RULES,
  type Threat,
  type ThreatDecision,
  type ThreatModel,
  type ThreatSummary,
  unmatchedDecisionKeys,
} from '@rampart/threat-model';
import type { Selectable, Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { inTransaction, lockProject } from '../lifecycle/project-lock.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { withThreatDecision } from './edit-decision.js';
import { mergeUpload, type UploadMerge } from './merge-upload.js';
import {
  type ThreatModelDatabase,
  type ThreatModelOrigin,
  type ThreatModelTable,
  threatModelDb,
} from './tables.js';

/** The name errors point at: the file the document is in the repository. */
export const THREAT_MODEL_FILE = 'threatmodel.yml';

/** The largest `threatmodel.yml` the hub stores: 1 MiB (a model is a small file). */
export const MAX_THREAT_MODEL_SOURCE_BYTES = 1024 * 1024;

/** Who wrote a revision. */
export type ThreatModelAuthor =
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'ci'; readonly tokenId: string };

/** A stored revision, as read from the database. */
export type ThreatModelRevisionRow = Selectable<ThreatModelTable>;

/** 413 with a stable code. */
export function threatModelTooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    'THREAT_MODEL_TOO_LARGE',
    `the threat model is larger than the hub's limit of ${limit} bytes`,
  );
}

/**
 * Parses and checks a `threatmodel.yml`; a problem is a 400 VALIDATION whose message is
 * `threatmodel.yml:line:column: path: what is wrong`.
 */
export function readThreatModel(source: string): ThreatModel {
  try {
    return parseThreatModel(source, THREAT_MODEL_FILE);
  } catch (error) {
    if (error instanceof ConfigError) throw new ApiError(400, 'VALIDATION', error.message);
    throw error;
  }
}

/** The model of a stored revision: 409 when it no longer passes the current checks. */
/** The model of a stored revision (409 when it no longer passes the checks). */
export function storedModel(row: ThreatModelRevisionRow): ThreatModel {
  try {
    return parseThreatModel(row.source_yaml, THREAT_MODEL_FILE);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ApiError(
      409,
      'THREAT_MODEL_INVALID',
      `revision ${row.revision} of the threat model no longer passes the hub's checks (${error.message}); upload a corrected threatmodel.yml`,
    );
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** One generated threat, as the API shows it. */
export interface ThreatView {
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly stride: Threat['rule']['stride'];
  readonly severity: Threat['rule']['severity'];
  readonly target: Threat['target'];
  readonly status: ThreatDecision['status'];
  readonly evidence?: string;
  readonly reason?: string;
  readonly note?: string | undefined;
  readonly cwe: readonly string[];
  readonly capec: readonly string[];
  readonly mitigations: readonly string[];
  readonly description: string;
}

/** A revision with its model evaluated against the hub's threat library. */
export interface ThreatModelView {
  readonly revision: number;
  readonly name: string;
  readonly createdAt: string;
  readonly origin: ThreatModelOrigin;
  readonly createdBy: string | null;
  /** The document as stored. */
  readonly yaml: string;
  readonly model: ThreatModel;
  /** Worst severity first. */
  readonly threats: readonly ThreatView[];
  readonly summary: ThreatSummary;
  /** Decisions in `threats:` about threats the model no longer gives (stale or mistyped). */
  readonly unmatchedDecisions: readonly string[];
}

function threatView(threat: Threat): ThreatView {
  const { rule, decision } = threat;
  return {
    id: threat.id,
    ruleId: rule.id,
    title: rule.title,
    stride: rule.stride,
    severity: rule.severity,
    target: threat.target,
    ...decision,
    cwe: rule.cwe,
    capec: rule.capec,
    mitigations: rule.mitigations,
    description: rule.description,
  };
}

/** Evaluates a stored revision (409 THREAT_MODEL_INVALID if it no longer passes the checks). */
export function threatModelView(row: ThreatModelRevisionRow): ThreatModelView {
  const model = storedModel(row);
  const threats = evaluateThreats(model, THREAT_RULES);
  return {
    revision: row.revision,
    name: row.name,
    createdAt: iso(row.created_at),
    origin: row.origin,
    createdBy: row.created_by,
    yaml: row.source_yaml,
    model,
    threats: threats.map(threatView),
    summary: summarizeThreats(threats),
    unmatchedDecisions: unmatchedDecisionKeys(model, threats),
  };
}

type Trx = Transaction<ThreatModelDatabase>;

async function latestRow(
  db: Trx | ReturnType<typeof threatModelDb>,
  projectId: string,
): Promise<ThreatModelRevisionRow | undefined> {
  return db
    .selectFrom('threat_models')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A project's latest revision (its threat model), if it has one. */
export async function latestThreatModel(
  hub: HubDatabase,
  projectId: string,
): Promise<ThreatModelRevisionRow | undefined> {
  return latestRow(threatModelDb(hub.db), projectId);
}

/** Inserts the next revision of the project (under its lock) and its audit entry. */
async function insertRevision(
  trx: Trx,
  previous: ThreatModelRevisionRow | undefined,
  entry: {
    readonly projectId: string;
    readonly source: string;
    readonly model: ThreatModel;
    readonly origin: ThreatModelOrigin;
    readonly author: ThreatModelAuthor;
    readonly now: number;
    readonly action: string;
    readonly data?: Readonly<Record<string, unknown>>;
    /** For a CI upload: the file as uploaded (the stored source may have the hub's decisions merged in). */
    readonly uploaded?: string;
  },
): Promise<ThreatModelRevisionRow> {
  const summary = summarizeThreats(evaluateThreats(entry.model, THREAT_RULES));
  const row: ThreatModelRevisionRow = {
    id: randomUUID(),
    project_id: entry.projectId,
    revision: (previous?.revision ?? 0) + 1,
    source_yaml: entry.source,
    content_hash: sha256(entry.source),
    name: entry.model.name,
    summary: JSON.stringify(summary),
    created_at: entry.now,
    created_by: entry.author.kind === 'user' ? entry.author.userId : entry.author.tokenId,
    origin: entry.origin,
    upload_hash: entry.uploaded === undefined ? null : sha256(entry.uploaded),
    uploaded_yaml:
      entry.uploaded === undefined || entry.uploaded === entry.source ? null : entry.uploaded,
  };
  await trx.insertInto('threat_models').values(row).execute();
  await recordAudit(trx, entry.now, {
    actorId: entry.author.kind === 'user' ? entry.author.userId : null,
    action: entry.action,
    targetType: 'threat_model',
    targetId: row.id,
    data: {
      projectId: entry.projectId,
      revision: row.revision,
      origin: entry.origin,
      contentHash: row.content_hash,
      open: summary.byStatus.open,
      ...(entry.author.kind === 'ci' ? { tokenId: entry.author.tokenId } : {}),
      ...entry.data,
    },
  });
  return row;
}

/** What a write did. */
export interface ThreatModelWrite {
  /** The latest revision after the write. */
  readonly row: ThreatModelRevisionRow;
  /** The latest revision already had this content: nothing was stored. */
  readonly unchanged: boolean;
  /** A CI upload merged with decisions made in the hub since the last upload. */
  readonly merge?: Omit<UploadMerge, 'source'>;
}

/** What to store as a project's new threat model. */
export interface SaveThreatModelOptions {
  readonly projectId: string;
  /** The `threatmodel.yml` text (at most the hub's limit). */
  readonly source: string;
  readonly origin: ThreatModelOrigin;
  readonly author: ThreatModelAuthor;
  readonly now: number;
  /**
   * Called under the project's lock with the model being replaced (undefined for the first
   * revision, or one that no longer parses) and the new one; throws to refuse the upload.
   */
  readonly authorize?: (previous: ThreatModel | undefined, next: ThreatModel) => void;
}

/**
 * Stores an uploaded `threatmodel.yml` as the project's next revision, under the project's
 * lock, with an audit entry. An upload identical (byte for byte) to the latest revision
 * stores nothing (`unchanged`). 400 VALIDATION (with line and column) for a document that
 * does not parse or check; 404 for an unknown project.
 */
export async function saveThreatModel(
  hub: HubDatabase,
  options: SaveThreatModelOptions,
): Promise<ThreatModelWrite> {
  const model = readThreatModel(options.source);
  const hash = sha256(options.source);
  return inTransaction(lifecycleDb(hub.db), async (lifecycleTrx) => {
    await lockProject(lifecycleTrx, options.projectId);
    const trx = lifecycleTrx as unknown as Trx;
    const previous = await latestRow(trx, options.projectId);
    if (previous?.content_hash === hash) return { row: previous, unchanged: true };
    let source = options.source;
    let merge: UploadMerge | undefined;
    if (options.origin === 'ci' && previous !== undefined) {
      const lastUpload = await lastCiUpload(trx, options.projectId);
      // The repository's file has not changed since CI last sent it: the decisions made in
      // the hub since then stand, nothing is stored.
      if (lastUpload?.upload_hash === hash) return { row: previous, unchanged: true };
      // Decisions made in the hub since the last upload are merged into this one.
      const base =
        lastUpload && parsedOrUndefined(lastUpload.uploaded_yaml ?? lastUpload.source_yaml);
      const ours = parsedOrUndefined(previous.source_yaml);
      if (base !== undefined && ours !== undefined) {
        merge = mergeUpload(base, ours, options.source, model);
        source = merge.source;
      }
      if (Buffer.byteLength(source, 'utf8') > MAX_THREAT_MODEL_SOURCE_BYTES)
        throw threatModelTooLarge(MAX_THREAT_MODEL_SOURCE_BYTES);
      if (sha256(source) === previous.content_hash) return { row: previous, unchanged: true };
    }
    if (options.authorize) {
      let previousModel: ThreatModel | undefined;
      try {
        previousModel = previous && parseThreatModel(previous.source_yaml, THREAT_MODEL_FILE);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
      }
      options.authorize(previousModel, model);
    }
    const merged =
      merge === undefined
        ? undefined
        : { carried: merge.carried, conflicts: merge.conflicts, dropped: merge.dropped };
    const row = await insertRevision(trx, previous, {
      projectId: options.projectId,
      source,
      model: source === options.source ? model : readThreatModel(source),
      origin: options.origin,
      author: options.author,
      now: options.now,
      action: 'threat_model.upload',
      ...(merged === undefined ? {} : { data: { merge: merged } }),
      ...(options.origin === 'ci' ? { uploaded: options.source } : {}),
    });
    return { row, unchanged: false, ...(merged === undefined ? {} : { merge: merged }) };
  });
}

/** The project's latest revision uploaded by CI. */
async function lastCiUpload(
  trx: Trx,
  projectId: string,
): Promise<ThreatModelRevisionRow | undefined> {
  return trx
    .selectFrom('threat_models')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('origin', '=', 'ci')
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A stored document's model, or undefined when it no longer checks (then nothing is merged). */
function parsedOrUndefined(source: string): ThreatModel | undefined {
  try {
    return parseThreatModel(source, THREAT_MODEL_FILE);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

/** A decision to record about one threat of a project's current model. */
export interface DecideThreatOptions {
  readonly projectId: string;
  /** `<rule id>@<element or flow id>`: a threat the current model gives. */
  readonly threatId: string;
  readonly decision: ThreatDecision;
  readonly origin: ThreatModelOrigin;
  readonly author: ThreatModelAuthor;
  readonly now: number;
  /** The largest document the result may be (default {@link MAX_THREAT_MODEL_SOURCE_BYTES}). */
  readonly maxBytes?: number;
}

/**
 * Records a decision about a threat as a new revision: the latest document with the entry
 * of `threats:` set (comments and layout kept, see {@link withThreatDecision}), under the
 * project's lock, with an audit entry. The same decision again stores nothing
 * (`unchanged`). 404 when the project has no threat model or the model does not give the
 * threat; 409 THREAT_MODEL_INVALID when the stored model no longer checks; 413 when the
 * result would pass the size limit.
 */
export async function decideThreat(
  hub: HubDatabase,
  options: DecideThreatOptions,
): Promise<ThreatModelWrite> {
  const limit = options.maxBytes ?? MAX_THREAT_MODEL_SOURCE_BYTES;
  return inTransaction(lifecycleDb(hub.db), async (lifecycleTrx) => {
    await lockProject(lifecycleTrx, options.projectId);
    const trx = lifecycleTrx as unknown as Trx;
    const previous = await latestRow(trx, options.projectId);
    if (previous === undefined) throw notFound('threat model');
    const threats = evaluateThreats(storedModel(previous), THREAT_RULES);
    const threat = threats.find((t) => t.id === options.threatId);
    if (threat === undefined) throw notFound('threat');
    const source = withThreatDecision(previous.source_yaml, threat.id, options.decision);
    if (Buffer.byteLength(source, 'utf8') > limit) throw threatModelTooLarge(limit);
    if (sha256(source) === previous.content_hash) return { row: previous, unchanged: true };
    const row = await insertRevision(trx, previous, {
      projectId: options.projectId,
      source,
      model: readThreatModel(source),
      origin: options.origin,
      author: options.author,
      now: options.now,
      action: 'threat_model.decide',
      data: { threatId: threat.id, status: options.decision.status },
    });
    return { row, unchanged: false };
  });
}

/** One revision in a project's history. */
export interface ThreatModelRevisionSummary {
  readonly revision: number;
  readonly name: string;
  readonly createdAt: string;
  readonly origin: ThreatModelOrigin;
  /** The user id, or the CI token id for `ci`. */
  readonly createdBy: string | null;
  /** The user's display name or the CI token's name, while they exist. */
  readonly createdByName: string | null;
  /** The threats by decision and the open ones by severity, as evaluated when it was written. */
  readonly summary: ThreatSummary;
}

/** A project's revisions, newest first. */
export async function listThreatModelRevisions(
  hub: HubDatabase,
  projectId: string,
  limit: number,
): Promise<ThreatModelRevisionSummary[]> {
  const rows = await threatModelDb(hub.db)
    .selectFrom('threat_models as m')
    .leftJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'm.created_by').on('m.origin', '<>', 'ci'),
    )
    .leftJoin('tokens as t', (join) =>
      join.onRef('t.id', '=', 'm.created_by').on('m.origin', '=', 'ci'),
    )
    .select([
      'm.revision',
      'm.name',
      'm.created_at',
      'm.origin',
      'm.created_by',
      'm.summary',
      'u.display_name',
      't.name as token_name',
    ])
    .where('m.project_id', '=', projectId)
    .orderBy('m.revision', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    revision: row.revision,
    name: row.name,
    createdAt: iso(row.created_at),
    origin: row.origin,
    createdBy: row.created_by,
    createdByName: row.display_name ?? row.token_name ?? null,
    summary: JSON.parse(row.summary) as ThreatSummary,
  }));
}
