import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Stage } from '@rampart/core';
import type { ExpressionBuilder, ExpressionWrapper, SqlBool, Transaction } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { HubDatabase } from '../db/database.js';
import { inTransaction, lockProject } from '../lifecycle/project-lock.js';
import { scopeOf } from '../lifecycle/scope.js';
import { lifecycleDb } from '../lifecycle/tables.js';
import { readSbom } from './sbom-document.js';
import { type SbomDatabase, type SbomTable, sbomDb } from './tables.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** What to store: the document's text and what the upload says about it. */
export interface StoreSbomOptions {
  readonly projectId: string;
  /** The document (already gunzipped, at most the hub's limit). */
  readonly text: string;
  readonly stage: Stage;
  readonly branch?: string | undefined;
  readonly commit?: string | undefined;
  /** Who uploaded it. */
  readonly uploader: { readonly userId: string } | { readonly tokenId: string };
  /** The time of receipt (epoch ms). */
  readonly now: number;
}

/** What storing did. */
export interface StoreSbomResult {
  readonly sbomId: string;
  /** The scope's latest SBOM already had this content: nothing was stored. */
  readonly duplicate: boolean;
  readonly scope: string;
  readonly componentCount: number;
}

/**
 * Validates and stores an SBOM (gzip-compressed) under the project's lock, with an audit
 * entry. Idempotent by content: when the latest SBOM of the same project and scope has the
 * same content, nothing is stored and its id is answered (`duplicate`). The same content
 * after a different one is stored again: it is the latest again (a rollback).
 * Throws ApiError 400 INVALID_SBOM, 404 for an unknown project.
 */
export async function storeSbom(
  hub: HubDatabase,
  options: StoreSbomOptions,
): Promise<StoreSbomResult> {
  const read = readSbom(options.text);
  const contentHash = createHash('sha256').update(options.text).digest('hex');
  const scope = scopeOf(options.stage, options.branch);
  const document = await gzipAsync(Buffer.from(options.text, 'utf8'));
  return inTransaction(lifecycleDb(hub.db), async (trx) => {
    await lockProject(trx, options.projectId);
    const db = trx as unknown as Transaction<SbomDatabase>;
    const latest = await db
      .selectFrom('sboms')
      .select(['id', 'content_hash'])
      .where('project_id', '=', options.projectId)
      .where('scope', '=', scope)
      .orderBy('uploaded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest?.content_hash === contentHash)
      return {
        sbomId: latest.id,
        duplicate: true,
        scope,
        componentCount: read.componentCount,
      };
    const id = randomUUID();
    await db
      .insertInto('sboms')
      .values({
        id,
        project_id: options.projectId,
        stage: options.stage,
        scope,
        branch: options.branch ?? null,
        commit_sha: options.commit ?? null,
        content_hash: contentHash,
        spec_version: read.specVersion,
        serial_number: read.serialNumber ?? null,
        component_count: read.componentCount,
        size_bytes: Buffer.byteLength(options.text),
        document,
        uploaded_at: options.now,
        uploaded_by: 'userId' in options.uploader ? options.uploader.userId : null,
        token_id: 'tokenId' in options.uploader ? options.uploader.tokenId : null,
      })
      .execute();
    await recordAudit(trx, options.now, {
      actorId: 'userId' in options.uploader ? options.uploader.userId : null,
      action: 'sbom.upload',
      targetType: 'sbom',
      targetId: id,
      data: {
        projectId: options.projectId,
        stage: options.stage,
        scope,
        contentHash,
        components: read.componentCount,
        ...('tokenId' in options.uploader ? { tokenId: options.uploader.tokenId } : {}),
      },
    });
    return { sbomId: id, duplicate: false, scope, componentCount: read.componentCount };
  });
}

type WithAlias = SbomDatabase & { s: SbomTable };

/**
 * The condition "the SBOM aliased `s` is the latest of its project and scope": no SBOM of
 * the same project and scope was uploaded after it (same time: the greater id wins).
 */
export function isLatestOfScope(
  eb: ExpressionBuilder<WithAlias, 's'>,
): ExpressionWrapper<WithAlias, 's', SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('sboms as t')
        .select('t.id')
        .whereRef('t.project_id', '=', 's.project_id')
        .whereRef('t.scope', '=', 's.scope')
        .where((w) =>
          w.or([
            w('t.uploaded_at', '>', w.ref('s.uploaded_at')),
            w.and([w('t.uploaded_at', '=', w.ref('s.uploaded_at')), w('t.id', '>', w.ref('s.id'))]),
          ]),
        ),
    ),
  );
}

/** An SBOM's metadata, as the API lists it. */
export interface SbomSummary {
  readonly id: string;
  readonly projectId: string;
  readonly stage: SbomTable['stage'];
  readonly scope: string;
  readonly branch: string | null;
  readonly commit: string | null;
  readonly contentHash: string;
  readonly specVersion: string;
  readonly serialNumber: string | null;
  readonly componentCount: number;
  readonly sizeBytes: number;
  readonly uploadedAt: string;
  /** The latest of its scope: the one re-matched (for `main` and `production`). */
  readonly latest: boolean;
  /** The last re-match against the OSV database, if any. */
  readonly lastRematch: {
    readonly scanId: string;
    readonly matchedAt: string;
    readonly findings: number;
    readonly newFindings: number;
  } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A project's SBOMs, newest first (metadata only), optionally of one stage. */
export async function listSboms(
  hub: HubDatabase,
  projectId: string,
  options: { readonly stage?: Stage | undefined; readonly limit: number },
): Promise<SbomSummary[]> {
  const db = sbomDb(hub.db);
  let query = db
    .selectFrom('sboms as s')
    .select([
      's.id',
      's.project_id',
      's.stage',
      's.scope',
      's.branch',
      's.commit_sha',
      's.content_hash',
      's.spec_version',
      's.serial_number',
      's.component_count',
      's.size_bytes',
      's.uploaded_at',
    ])
    .select((eb) => isLatestOfScope(eb).as('latest'))
    .where('s.project_id', '=', projectId);
  if (options.stage !== undefined) query = query.where('s.stage', '=', options.stage);
  const rows = await query
    .orderBy('s.uploaded_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(options.limit)
    .execute();
  const rematches = new Map<string, SbomSummary['lastRematch']>();
  if (rows.length > 0) {
    const done = await db
      .selectFrom('sbom_rematches')
      .select(['sbom_id', 'scan_id', 'matched_at', 'findings', 'new_findings'])
      .where(
        'sbom_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('matched_at')
      .orderBy('id')
      .execute();
    for (const r of done)
      rematches.set(r.sbom_id, {
        scanId: r.scan_id,
        matchedAt: iso(r.matched_at),
        findings: r.findings,
        newFindings: r.new_findings,
      });
  }
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    stage: r.stage,
    scope: r.scope,
    branch: r.branch,
    commit: r.commit_sha,
    contentHash: r.content_hash,
    specVersion: r.spec_version,
    serialNumber: r.serial_number,
    componentCount: r.component_count,
    sizeBytes: r.size_bytes,
    uploadedAt: iso(r.uploaded_at),
    latest: Boolean(Number(r.latest)),
    lastRematch: rematches.get(r.id) ?? null,
  }));
}

/** The stored document of one SBOM of a project, as text; undefined when there is none. */
export async function sbomDocument(
  hub: HubDatabase,
  projectId: string,
  sbomId: string,
): Promise<string | undefined> {
  const row = await sbomDb(hub.db)
    .selectFrom('sboms')
    .select('document')
    .where('project_id', '=', projectId)
    .where('id', '=', sbomId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return (await gunzipAsync(row.document)).toString('utf8');
}
