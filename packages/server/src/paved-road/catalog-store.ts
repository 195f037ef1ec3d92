import { randomUUID } from 'node:crypto';
import { diffLines } from 'diff';
import type { Kysely } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { isUniqueViolation, notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import {
  applyPolicyOps,
  type PolicyOp,
  policyJson,
  sha256Hex,
  validatePolicy,
} from './catalog-policy.js';
import { catalogDb } from './catalog-tables.js';
import {
  compareSemver,
  type TemplateCi,
  type TemplateFile,
  templateProvides,
  validateTemplateFiles,
} from './catalog-templates.js';

export { templateProvides };

/** Either the hub's database or a Kysely instance / transaction over it. */
type Db = HubDatabase | Kysely<Database>;

function kysely(db: Db): Kysely<Database> {
  return 'dialect' in db && 'db' in db ? (db as HubDatabase).db : (db as Kysely<Database>);
}

// ---------------------------------------------------------------------------------------
// Contract 2: what the scorecards read.

/** The catalog revision whose text hashes to `sha256` (hex), if any. */
export async function revisionBySha256(
  db: Db,
  sha256: string,
): Promise<{ revision: number } | undefined> {
  const row = await catalogDb(kysely(db))
    .selectFrom('paved_road_revisions')
    .select('revision')
    .where('sha256', '=', sha256.toLowerCase())
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { revision: Number(row.revision) };
}

/** The policy in force: the newest revision; undefined while the catalog is empty. */
export async function currentRevision(
  db: Db,
): Promise<{ revision: number; sha256: string; yaml: string; createdAt: number } | undefined> {
  const row = await catalogDb(kysely(db))
    .selectFrom('paved_road_revisions')
    .select(['revision', 'sha256', 'yaml', 'created_at'])
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    revision: Number(row.revision),
    sha256: row.sha256,
    yaml: row.yaml,
    createdAt: Number(row.created_at),
  };
}

/** The latest non-deprecated version of each template (highest semver), by name. */
export interface LatestTemplate {
  readonly name: string;
  readonly version: string;
  readonly ci: TemplateCi;
  readonly description: string;
  readonly provides: string[];
}

/** The latest non-deprecated version of every template, by name. */
export async function latestTemplates(db: Db): Promise<LatestTemplate[]> {
  const rows = await catalogDb(kysely(db))
    .selectFrom('paved_road_templates')
    .select(['name', 'version', 'ci', 'description', 'provides'])
    .where('deprecated', '=', 0)
    .execute();
  return pickLatest(rows).map((r) => ({
    name: r.name,
    version: r.version,
    ci: r.ci,
    description: r.description,
    provides: JSON.parse(r.provides) as string[],
  }));
}

/** The highest version of each name, sorted by name. */
function pickLatest<T extends { name: string; version: string }>(rows: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const row of rows) {
    const seen = best.get(row.name);
    if (seen === undefined || compareSemver(row.version, seen.version) > 0) best.set(row.name, row);
  }
  return [...best.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---------------------------------------------------------------------------------------
// The policy.

/** Who made a change, as the API shows it. */
export interface Author {
  readonly id: string;
  readonly displayName: string;
}

/** The catalog as `GET /api/v1/paved-road` shows it. */
export interface CatalogView {
  readonly revision: number | null;
  readonly yaml: string;
  readonly sha256: string | null;
  readonly policy: unknown;
  readonly updatedAt: string | null;
  readonly author: Author | null;
  readonly comment: string | null;
  readonly url: string;
}

/** Where the policy is served. */
export const POLICY_URL = '/api/v1/paved-road.yml';

function author(id: string | null, displayName: string | null): Author | null {
  return id === null || displayName === null ? null : { id, displayName };
}

/** The current policy with its author, or the empty catalog. */
export async function catalogView(db: Db): Promise<CatalogView> {
  const row = await catalogDb(kysely(db))
    .selectFrom('paved_road_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.revision', 'r.yaml', 'r.sha256', 'r.comment', 'r.created_at', 'r.author_id'])
    .select('u.display_name')
    .orderBy('r.revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) {
    return {
      revision: null,
      yaml: '',
      sha256: null,
      policy: null,
      updatedAt: null,
      author: null,
      comment: null,
      url: POLICY_URL,
    };
  }
  return {
    revision: Number(row.revision),
    yaml: row.yaml,
    sha256: row.sha256,
    policy: policyJson(row.yaml),
    updatedAt: new Date(Number(row.created_at)).toISOString(),
    author: author(row.author_id, row.display_name),
    comment: row.comment,
    url: POLICY_URL,
  };
}

function staleRevision(base: number | null, current: number | null): ApiError {
  return new ApiError(
    409,
    'STALE_REVISION',
    `the catalog changed: baseRevision is ${base ?? 'null'} but the current revision is ${current ?? 'none'}; reload and apply your change again`,
  );
}

/** What {@link savePolicy} needs. */
export interface SavePolicyOptions {
  /** The new text; validated with the CLI's parser. */
  readonly yaml: string;
  readonly comment?: string | undefined;
  /** The revision the edit was based on (null for the first); else 409 STALE_REVISION. */
  readonly baseRevision: number | null;
  readonly actorId: string;
  readonly now: number;
}

/** What {@link patchPolicy} needs. */
export interface PatchPolicyOptions extends Omit<SavePolicyOptions, 'yaml'> {
  readonly ops: readonly PolicyOp[];
}

/**
 * Stores a new revision of the policy when its text differs from the current one (the same
 * text: nothing stored, `created: false`). Validated first (400 INVALID_POLICY, 413), then
 * in one transaction: 409 STALE_REVISION unless `baseRevision` is the current revision
 * (two editors on the same base: the revision's primary key lets exactly one win), the new
 * row and an audit entry.
 */
export async function savePolicy(
  database: HubDatabase,
  options: SavePolicyOptions,
): Promise<{ revision: number; created: boolean }> {
  validatePolicy(options.yaml);
  return writeRevision(database, options, () => options.yaml, 'paved-road.policy.update');
}

/**
 * Applies `ops` to the current policy's YAML document (comments and order kept; see
 * {@link applyPolicyOps}), validates the result like {@link savePolicy} and stores it.
 */
export async function patchPolicy(
  database: HubDatabase,
  options: PatchPolicyOptions,
): Promise<{ revision: number; created: boolean }> {
  return writeRevision(
    database,
    options,
    (current) => {
      const next = applyPolicyOps(current, options.ops);
      validatePolicy(next);
      return next;
    },
    'paved-road.policy.patch',
  );
}

async function writeRevision(
  database: HubDatabase,
  options: Omit<SavePolicyOptions, 'yaml'> & { readonly ops?: readonly PolicyOp[] },
  nextText: (current: string) => string,
  action: string,
): Promise<{ revision: number; created: boolean }> {
  try {
    return await database.db.transaction().execute(async (trx) => {
      const current = await currentRevision(trx);
      const currentNumber = current?.revision ?? null;
      if (options.baseRevision !== currentNumber) {
        throw staleRevision(options.baseRevision, currentNumber);
      }
      const yaml = nextText(current?.yaml ?? '');
      if (current !== undefined && current.yaml === yaml) {
        return { revision: current.revision, created: false };
      }
      const revision = (currentNumber ?? 0) + 1;
      const sha256 = sha256Hex(yaml);
      const { added, removed } = lineCounts(current?.yaml ?? '', yaml);
      await catalogDb(trx)
        .insertInto('paved_road_revisions')
        .values({
          revision,
          yaml,
          sha256,
          comment: options.comment ?? null,
          author_id: options.actorId,
          created_at: options.now,
          added,
          removed,
        })
        .execute();
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action,
        targetType: 'paved_road',
        targetId: String(revision),
        data: {
          revision,
          sha256,
          bytes: Buffer.byteLength(yaml, 'utf8'),
          added,
          removed,
          comment: options.comment ?? null,
          ...(options.ops === undefined ? {} : { ops: options.ops.length }),
        },
      });
      return { revision, created: true };
    });
  } catch (error) {
    // Another editor stored the same revision number first.
    if (isUniqueViolation(error)) {
      const now = await currentRevision(database);
      throw staleRevision(options.baseRevision, now?.revision ?? null);
    }
    throw error;
  }
}

/** One entry of the policy's history. */
export interface RevisionSummary {
  readonly revision: number;
  readonly sha256: string;
  readonly comment: string | null;
  readonly author: Author | null;
  readonly createdAt: string;
  /** Lines added and removed against the previous revision. */
  readonly added: number;
  readonly removed: number;
}

/** One line run of a revision's diff. */
export interface DiffPart {
  readonly kind: 'add' | 'remove' | 'same';
  readonly text: string;
}

/**
 * The bounds of a revision's line diff: jsdiff gives up (and the diff is not shown) beyond
 * this many added plus removed lines, or after this long. Without them, a rewrite of a large
 * policy costs Myers' algorithm minutes of CPU (10 000 changed lines: about 45 s).
 */
export const DIFF_LIMITS = { maxEditLength: 2000, timeout: 1000 } as const;

/** The line diff of two texts; undefined when it is too large to compute (see {@link DIFF_LIMITS}). */
function lineDiff(before: string, after: string): DiffPart[] | undefined {
  const changes = diffLines(before, after, {
    maxEditLength: DIFF_LIMITS.maxEditLength,
    timeout: DIFF_LIMITS.timeout,
  });
  return changes?.map((change) => ({
    kind: change.added ? 'add' : change.removed ? 'remove' : 'same',
    text: change.value,
  }));
}

/** The lines of a text (a final newline ends the last line; it does not start another). */
function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

function countLines(parts: readonly DiffPart[], kind: DiffPart['kind']): number {
  let n = 0;
  for (const part of parts) if (part.kind === kind) n += linesOf(part.text).length;
  return n;
}

/**
 * Lines added and removed from `before` to `after`, as the line diff counts them; when the
 * diff is too large to compute, the lines of one text that the other lacks (as multisets:
 * a lower bound, exact unless lines moved).
 */
export function lineCounts(before: string, after: string): { added: number; removed: number } {
  const parts = lineDiff(before, after);
  if (parts !== undefined)
    return { added: countLines(parts, 'add'), removed: countLines(parts, 'remove') };
  const left = new Map<string, number>();
  for (const line of linesOf(before)) left.set(line, (left.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of linesOf(after)) {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of left.values()) removed += n;
  return { added, removed };
}

/** The history, newest first: at most `limit` revisions, with their stored line counts. */
export async function listRevisions(db: Db, limit = 100): Promise<RevisionSummary[]> {
  // The texts are never loaded: the counts were stored with each revision.
  const rows = await catalogDb(kysely(db))
    .selectFrom('paved_road_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.revision', 'r.sha256', 'r.comment', 'r.created_at', 'r.author_id'])
    .select(['r.added', 'r.removed', 'u.display_name'])
    .orderBy('r.revision', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    revision: Number(row.revision),
    sha256: row.sha256,
    comment: row.comment,
    author: author(row.author_id, row.display_name),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    added: Number(row.added),
    removed: Number(row.removed),
  }));
}

/** One revision with its text and its line diff against the previous revision. */
export interface RevisionDetail {
  readonly revision: number;
  readonly yaml: string;
  readonly sha256: string;
  readonly comment: string | null;
  readonly author: Author | null;
  readonly createdAt: string;
  /** The line diff; null when it is too large to compute ({@link DIFF_LIMITS}). */
  readonly diff: DiffPart[] | null;
  readonly diffTooLarge: boolean;
}

/** One revision and its diff; 404 NOT_FOUND when there is no such revision. */
export async function revisionDetail(db: Db, revision: number): Promise<RevisionDetail> {
  const rows = await catalogDb(kysely(db))
    .selectFrom('paved_road_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.revision', 'r.yaml', 'r.sha256', 'r.comment', 'r.created_at', 'r.author_id'])
    .select('u.display_name')
    .where('r.revision', 'in', [revision, revision - 1])
    .orderBy('r.revision', 'desc')
    .execute();
  const row = rows.find((r) => Number(r.revision) === revision);
  if (row === undefined) throw notFound('revision');
  const previous = rows.find((r) => Number(r.revision) === revision - 1);
  const diff = lineDiff(previous?.yaml ?? '', row.yaml);
  return {
    revision,
    yaml: row.yaml,
    sha256: row.sha256,
    comment: row.comment,
    author: author(row.author_id, row.display_name),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    diff: diff ?? null,
    diffTooLarge: diff === undefined,
  };
}

// ---------------------------------------------------------------------------------------
// Templates.

/** A template in the list: its latest version (highest non-deprecated, else highest). */
export interface TemplateSummary {
  readonly name: string;
  readonly version: string;
  readonly ci: TemplateCi;
  readonly description: string;
  readonly paths: string[];
  readonly provides: string[];
  readonly createdAt: string;
  readonly deprecated: boolean;
}

/** One version of a template, with its files. */
export interface TemplateDetail {
  readonly name: string;
  readonly version: string;
  readonly ci: TemplateCi;
  readonly description: string;
  readonly files: TemplateFile[];
  readonly provides: string[];
  readonly createdAt: string;
  readonly deprecated: boolean;
  readonly author: Author | null;
}

function templateQuery(db: Db) {
  return catalogDb(kysely(db))
    .selectFrom('paved_road_templates as t')
    .leftJoin('users as u', 'u.id', 't.author_id')
    .select([
      't.name',
      't.version',
      't.ci',
      't.description',
      't.files',
      't.provides',
      't.created_at',
      't.deprecated',
      't.author_id',
    ])
    .select('u.display_name');
}

type TemplateRow = Awaited<ReturnType<ReturnType<typeof templateQuery>['execute']>>[number];

function templateDetail(row: TemplateRow): TemplateDetail {
  return {
    name: row.name,
    version: row.version,
    ci: row.ci,
    description: row.description,
    files: JSON.parse(row.files) as TemplateFile[],
    provides: JSON.parse(row.provides) as string[],
    createdAt: new Date(Number(row.created_at)).toISOString(),
    deprecated: Number(row.deprecated) !== 0,
    author: author(row.author_id, row.display_name),
  };
}

/** The versions as the lists read them: the stored paths, never the files' contents. */
function templateListQuery(db: Db) {
  return catalogDb(kysely(db))
    .selectFrom('paved_road_templates as t')
    .leftJoin('users as u', 'u.id', 't.author_id')
    .select([
      't.name',
      't.version',
      't.ci',
      't.description',
      't.paths',
      't.provides',
      't.created_at',
      't.deprecated',
      't.author_id',
    ])
    .select('u.display_name');
}

type TemplateListRow = Awaited<ReturnType<ReturnType<typeof templateListQuery>['execute']>>[number];

function templateSummary(row: TemplateListRow): TemplateSummary & { author: Author | null } {
  return {
    name: row.name,
    version: row.version,
    ci: row.ci,
    description: row.description,
    paths: JSON.parse(row.paths) as string[],
    provides: JSON.parse(row.provides) as string[],
    createdAt: new Date(Number(row.created_at)).toISOString(),
    deprecated: Number(row.deprecated) !== 0,
    author: author(row.author_id, row.display_name),
  };
}

/** The latest version of a name: the highest non-deprecated one, else the highest. */
function latestOf<T extends { name: string; version: string; deprecated: number }>(
  rows: readonly T[],
): T | undefined {
  const live = rows.filter((r) => Number(r.deprecated) === 0);
  return pickLatest(live.length > 0 ? live : rows)[0];
}

/** Every template, by name, each as its latest version (deprecated: every version is). */
export async function listTemplates(db: Db): Promise<TemplateSummary[]> {
  const rows = await templateListQuery(db).execute();
  const byName = new Map<string, TemplateListRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  return [...byName.keys()].sort().map((name) => {
    const { author: _author, ...summary } = templateSummary(
      latestOf(byName.get(name) ?? []) as TemplateListRow,
    );
    return summary;
  });
}

/**
 * One template version: the given one (deprecated or not), else the highest non-deprecated.
 * 404 NOT_FOUND for an unknown name or version, or when every version is deprecated and none
 * was asked for.
 */
export async function getTemplate(db: Db, name: string, version?: string): Promise<TemplateDetail> {
  let query = templateQuery(db).where('t.name', '=', name);
  if (version !== undefined) query = query.where('t.version', '=', version);
  const rows = await query.execute();
  const row =
    version !== undefined ? rows[0] : pickLatest(rows.filter((r) => Number(r.deprecated) === 0))[0];
  if (row === undefined) {
    if (version === undefined && rows.length > 0) {
      throw new ApiError(
        404,
        'NOT_FOUND',
        `template ${name}: every version is deprecated (ask for one with ?version=)`,
      );
    }
    throw notFound('template');
  }
  return templateDetail(row);
}

/** Every version of a template, newest (highest) first, without the file contents. */
export async function templateVersions(
  db: Db,
  name: string,
): Promise<(Omit<TemplateSummary, 'name'> & { author: Author | null })[]> {
  const rows = await templateListQuery(db).where('t.name', '=', name).execute();
  if (rows.length === 0) throw notFound('template');
  return rows
    .map(templateSummary)
    .sort((a, b) => compareSemver(b.version, a.version))
    .map(({ name: _name, ...version }) => version);
}

/** What {@link createTemplateVersion} needs (name and version already match their patterns). */
export interface CreateTemplateOptions {
  readonly name: string;
  readonly version: string;
  readonly ci: TemplateCi;
  readonly description: string;
  readonly files: readonly TemplateFile[];
  readonly actorId: string;
  readonly now: number;
}

/**
 * Stores a new version of a template (a new name creates the template): files validated
 * (400 INVALID_TEMPLATE), `provides` computed from them, 409 VERSION_EXISTS when the name
 * already has this version. Versions are immutable: publish a new one to change a template.
 */
export async function createTemplateVersion(
  database: HubDatabase,
  options: CreateTemplateOptions,
): Promise<TemplateDetail> {
  validateTemplateFiles(options.files);
  const files = options.files.map((f) => ({ path: f.path, content: f.content }));
  const provides = templateProvides(files);
  try {
    await database.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await catalogDb(trx)
        .insertInto('paved_road_templates')
        .values({
          id,
          name: options.name,
          version: options.version,
          ci: options.ci,
          description: options.description,
          files: JSON.stringify(files),
          paths: JSON.stringify(files.map((f) => f.path)),
          provides: JSON.stringify(provides),
          author_id: options.actorId,
          created_at: options.now,
          deprecated: 0,
        })
        .execute();
      await recordAudit(trx, options.now, {
        actorId: options.actorId,
        action: 'paved-road.template.create',
        targetType: 'paved_road_template',
        targetId: id,
        data: {
          name: options.name,
          version: options.version,
          ci: options.ci,
          paths: files.map((f) => f.path),
          provides,
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError(
        409,
        'VERSION_EXISTS',
        `template ${options.name} already has version ${options.version}; publish a higher version`,
      );
    }
    throw error;
  }
  return getTemplate(database, options.name, options.version);
}

/**
 * Marks every version of a template (or only `version`) deprecated or not, with an audit
 * entry. 404 NOT_FOUND for an unknown name or version. Returns the versions.
 */
export async function setTemplateDeprecated(
  database: HubDatabase,
  options: {
    readonly name: string;
    readonly version?: string | undefined;
    readonly deprecated: boolean;
    readonly actorId: string;
    readonly now: number;
  },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    let update = catalogDb(trx)
      .updateTable('paved_road_templates')
      .set({ deprecated: options.deprecated ? 1 : 0 })
      .where('name', '=', options.name);
    if (options.version !== undefined) update = update.where('version', '=', options.version);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('template');
    await recordAudit(trx, options.now, {
      actorId: options.actorId,
      action: options.deprecated ? 'paved-road.template.deprecate' : 'paved-road.template.restore',
      targetType: 'paved_road_template',
      targetId: options.name,
      data: { name: options.name, version: options.version ?? null },
    });
  });
}
