import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Ecosystem } from '../types.js';
import { normalizePackageName } from './names.js';

/** Bump when the tables change: an older database is a cache, rebuilt by `rampart db update`. */
const SCHEMA_VERSION = 1;

/** What Rampart keeps of an OSV record besides its affected entries. */
export interface StoredAdvisory {
  readonly id: string;
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  /** OSV `severity[]`: CVSS vectors. */
  readonly severity: readonly { readonly type: string; readonly score: string }[];
  /** The database's own severity word (GHSA's `database_specific.severity`), when given. */
  readonly databaseSeverity?: string;
  readonly cwes: readonly string[];
  readonly references: readonly string[];
}

/** One advisory's `affected[]` entry for one package, as stored (OSV JSON). */
export interface StoredAffected {
  readonly advisory: StoredAdvisory;
  /** The OSV `affected[]` object: package, ranges, versions. */
  readonly affected: unknown;
}

/** Per-ecosystem facts of the last import. */
export interface EcosystemStatus {
  readonly ecosystem: Ecosystem;
  readonly advisories: number;
  readonly packages: number;
  /** When this ecosystem was last imported (ISO). */
  readonly importedAt: string;
  /** The newest `modified` among its records (ISO). */
  readonly newestModified: string | undefined;
  /** Where it came from (URL or path). */
  readonly source: string;
}

/** HTTP validators of the last download, for conditional requests. */
export interface SourceValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

/** The path of the OSV database in a cache directory. */
export function databasePath(cacheDir: string): string {
  return join(cacheDir, 'osv', 'osv.db');
}

/**
 * The local OSV database: advisories indexed by ecosystem and normalised package name, in
 * SQLite (better-sqlite3, WAL). One writer at a time; readers never see a half import
 * because every ecosystem's import is one transaction.
 */
export class OsvStore {
  private readonly db: Database.Database;
  private readonly lookup: Database.Statement<
    [string, string],
    { advisory: string; affected: string }
  >;
  private readonly advisoryCache = new Map<string, StoredAdvisory>();
  private readonly affectedCache = new Map<string, unknown>();

  private constructor(db: Database.Database) {
    this.db = db;
    this.lookup = db.prepare(
      `SELECT v.data AS advisory, a.data AS affected
         FROM affected a JOIN advisory v ON v.id = a.advisory_id
        WHERE a.ecosystem = ? AND a.name = ?
        ORDER BY a.advisory_id, a.idx`,
    );
  }

  /**
   * Opens (creating when `create`) the database at `path`. Returns undefined when it does
   * not exist and `create` is false. A database of an older schema is discarded (it is a
   * cache) when `create` is true, and reported as missing otherwise.
   */
  static open(
    path: string,
    options: { create: boolean; readonly?: boolean },
  ): OsvStore | undefined {
    if (!options.create && !existsSync(path)) return undefined;
    let db: Database.Database;
    try {
      if (options.create) mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, {
        fileMustExist: !options.create,
        readonly: options.readonly === true,
      });
    } catch (err) {
      if (!options.create && (err as { code?: string }).code === 'SQLITE_CANTOPEN')
        return undefined;
      throw err;
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      if (!options.create) {
        db.close();
        return undefined;
      }
      if (version !== 0) {
        db.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
        db = new Database(path);
      }
      OsvStore.createSchema(db);
    }
    if (options.readonly !== true) db.pragma('journal_mode = WAL');
    return new OsvStore(db);
  }

  private static createSchema(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS advisory (
        id TEXT PRIMARY KEY,
        modified TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS membership (
        ecosystem TEXT NOT NULL,
        advisory_id TEXT NOT NULL,
        modified TEXT NOT NULL,
        PRIMARY KEY (ecosystem, advisory_id)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS affected (
        ecosystem TEXT NOT NULL,
        name TEXT NOT NULL,
        advisory_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS affected_package ON affected (ecosystem, name);
      CREATE INDEX IF NOT EXISTS affected_advisory ON affected (advisory_id, ecosystem);
      CREATE TABLE IF NOT EXISTS source (
        ecosystem TEXT PRIMARY KEY,
        imported_at TEXT NOT NULL,
        location TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT
      ) STRICT;
    `);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  /** Every stored affected entry for a package, with its advisory. */
  advisoriesFor(ecosystem: Ecosystem, name: string): StoredAffected[] {
    const rows = this.lookup.all(ecosystem, normalizePackageName(ecosystem, name));
    return rows.map((row) => ({
      advisory: this.parseAdvisory(row.advisory),
      affected: this.parseAffected(row.affected),
    }));
  }

  private parseAdvisory(json: string): StoredAdvisory {
    // Advisories repeat across a package's entries and across packages: parse each once.
    let advisory = this.advisoryCache.get(json);
    if (advisory === undefined) {
      advisory = JSON.parse(json) as StoredAdvisory;
      if (this.advisoryCache.size > 50_000) this.advisoryCache.clear();
      this.advisoryCache.set(json, advisory);
    }
    return advisory;
  }

  private parseAffected(json: string): unknown {
    // The same object for the same entry: the matcher caches prepared ranges per object.
    let affected = this.affectedCache.get(json);
    if (affected === undefined) {
      affected = JSON.parse(json) as unknown;
      if (this.affectedCache.size > 50_000) this.affectedCache.clear();
      this.affectedCache.set(json, affected);
    }
    return affected;
  }

  /** One advisory by id. */
  advisory(id: string): StoredAdvisory | undefined {
    const row = this.db.prepare('SELECT data FROM advisory WHERE id = ?').get(id) as
      | { data: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.data) as StoredAdvisory);
  }

  /** Counts and ages per imported ecosystem. */
  status(): EcosystemStatus[] {
    const rows = this.db
      .prepare(
        `SELECT s.ecosystem, s.imported_at, s.location,
                (SELECT count(*) FROM membership m WHERE m.ecosystem = s.ecosystem) AS advisories,
                (SELECT count(DISTINCT name) FROM affected a WHERE a.ecosystem = s.ecosystem) AS packages,
                (SELECT max(modified) FROM membership m WHERE m.ecosystem = s.ecosystem) AS newest
           FROM source s ORDER BY s.ecosystem`,
      )
      .all() as {
      ecosystem: Ecosystem;
      imported_at: string;
      location: string;
      advisories: number;
      packages: number;
      newest: string | null;
    }[];
    return rows.map((r) => ({
      ecosystem: r.ecosystem,
      advisories: r.advisories,
      packages: r.packages,
      importedAt: r.imported_at,
      newestModified: r.newest ?? undefined,
      source: r.location,
    }));
  }

  /** When each imported ecosystem was last updated (ISO); cheap, unlike {@link status}. */
  importedAt(): Map<Ecosystem, string> {
    const rows = this.db.prepare('SELECT ecosystem, imported_at FROM source').all() as {
      ecosystem: Ecosystem;
      imported_at: string;
    }[];
    return new Map(rows.map((r) => [r.ecosystem, r.imported_at]));
  }

  /** The HTTP validators stored for an ecosystem's last download. */
  validators(ecosystem: Ecosystem): SourceValidators {
    const row = this.db
      .prepare('SELECT etag, last_modified FROM source WHERE ecosystem = ?')
      .get(ecosystem) as { etag: string | null; last_modified: string | null } | undefined;
    return {
      ...(row?.etag ? { etag: row.etag } : {}),
      ...(row?.last_modified ? { lastModified: row.last_modified } : {}),
    };
  }

  /** Records that a source was checked and had not changed (HTTP 304). */
  touch(ecosystem: Ecosystem, importedAt: string): void {
    this.db
      .prepare('UPDATE source SET imported_at = ? WHERE ecosystem = ?')
      .run(importedAt, ecosystem);
  }

  /**
   * Starts replacing one ecosystem's records. Everything written through the returned
   * import is one transaction: `commit()` makes it visible, `rollback()` (or an error)
   * leaves the previous data untouched.
   */
  beginImport(ecosystem: Ecosystem): EcosystemImport {
    return new EcosystemImport(this.db, ecosystem);
  }

  close(): void {
    this.db.close();
  }
}

/** Counts of one ecosystem's import. */
export interface ImportCounts {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** One record to import: the advisory and its affected entries for this ecosystem. */
export interface ImportRecord {
  readonly advisory: StoredAdvisory;
  /** `[normalised name, OSV affected object]` for each entry of this ecosystem. */
  readonly affected: readonly (readonly [string, unknown])[];
}

/** An open import of one ecosystem (see {@link OsvStore.beginImport}). */
export class EcosystemImport {
  private readonly seen = new Set<string>();
  private readonly existing: Map<string, string>;
  private added = 0;
  private updated = 0;
  private unchanged = 0;
  private done = false;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly ecosystem: Ecosystem,
  ) {
    db.exec('BEGIN IMMEDIATE');
    const rows = db
      .prepare('SELECT advisory_id, modified FROM membership WHERE ecosystem = ?')
      .all(ecosystem) as { advisory_id: string; modified: string }[];
    this.existing = new Map(rows.map((r) => [r.advisory_id, r.modified]));
    this.statements = {
      upsertAdvisory: db.prepare(
        `INSERT INTO advisory (id, modified, data) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, data = excluded.data`,
      ),
      upsertMembership: db.prepare(
        `INSERT INTO membership (ecosystem, advisory_id, modified) VALUES (?, ?, ?)
         ON CONFLICT (ecosystem, advisory_id) DO UPDATE SET modified = excluded.modified`,
      ),
      deleteAffected: db.prepare('DELETE FROM affected WHERE advisory_id = ? AND ecosystem = ?'),
      insertAffected: db.prepare(
        'INSERT INTO affected (ecosystem, name, advisory_id, idx, data) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteMembership: db.prepare(
        'DELETE FROM membership WHERE ecosystem = ? AND advisory_id = ?',
      ),
      deleteOrphan: db.prepare(
        'DELETE FROM advisory WHERE id = ? AND NOT EXISTS (SELECT 1 FROM membership WHERE advisory_id = ?)',
      ),
    };
  }

  /** Adds or updates one record; unchanged when its `modified` equals the stored one. */
  put(record: ImportRecord): void {
    const { advisory } = record;
    if (this.seen.has(advisory.id)) throw new Error(`record ${advisory.id} appears twice`);
    this.seen.add(advisory.id);
    const before = this.existing.get(advisory.id);
    if (before === advisory.modified) {
      this.unchanged++;
      return;
    }
    if (before === undefined) this.added++;
    else this.updated++;
    const s = this.statements;
    s.upsertAdvisory.run(advisory.id, advisory.modified, JSON.stringify(advisory));
    s.upsertMembership.run(this.ecosystem, advisory.id, advisory.modified);
    s.deleteAffected.run(advisory.id, this.ecosystem);
    record.affected.forEach(([name, affected], i) => {
      s.insertAffected.run(this.ecosystem, name, advisory.id, i, JSON.stringify(affected));
    });
  }

  /**
   * Ends the import: records of this ecosystem that the archive no longer holds are removed
   * (an `all.zip` is complete), the source is recorded, and the transaction commits.
   */
  commit(source: { location: string; importedAt: string } & SourceValidators): ImportCounts {
    if (this.done) throw new Error('import already finished');
    const s = this.statements;
    let removed = 0;
    for (const id of this.existing.keys()) {
      if (this.seen.has(id)) continue;
      s.deleteAffected.run(id, this.ecosystem);
      s.deleteMembership.run(this.ecosystem, id);
      s.deleteOrphan.run(id, id);
      removed++;
    }
    this.db
      .prepare(
        `INSERT INTO source (ecosystem, imported_at, location, etag, last_modified) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (ecosystem) DO UPDATE SET imported_at = excluded.imported_at,
           location = excluded.location, etag = excluded.etag, last_modified = excluded.last_modified`,
      )
      .run(
        this.ecosystem,
        source.importedAt,
        source.location,
        source.etag ?? null,
        source.lastModified ?? null,
      );
    this.db.exec('COMMIT');
    this.done = true;
    return { added: this.added, updated: this.updated, unchanged: this.unchanged, removed };
  }

  /** Abandons the import: the database is as it was before. */
  rollback(): void {
    if (this.done) return;
    this.db.exec('ROLLBACK');
    this.done = true;
  }
}
