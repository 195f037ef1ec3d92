import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import {
  assignFingerprints,
  compareFindings,
  type Finding,
  type FindingDraft,
  packageVersion,
  resolveCacheDir,
  type ScanReport,
  SEVERITIES,
  type Stage,
} from '@rampart/core';
import type { EcosystemStatus, OsvStore } from '@rampart/sca';
import type { HubDatabase } from '../db/database.js';
import { type IngestResult, ingestScan } from '../ingest/ingest-scan.js';
import { sbomDependencies } from './sbom-dependencies.js';
import { readSbom } from './sbom-document.js';
import { isLatestOfScope } from './sbom-store.js';
import { type SbomTable, sbomDb } from './tables.js';

const gunzipAsync = promisify(gunzip);

/** Where the re-match writes what it did: pino's and `@rampart/core`'s loggers both fit. */
export interface RematchLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link rematchSboms}. */
export interface RematchOptions {
  /**
   * The OSV database: an open store (left open), or the cache directory that holds it in
   * the CLI's layout (`<dir>/osv/osv.db`, what `rampart db update` fills). Default: the
   * CLI's cache directory (`$RAMPART_CACHE_DIR`, `$XDG_CACHE_HOME/rampart`, `~/.cache/rampart`).
   */
  readonly osv?: OsvStore | string | undefined;
  /** The clock (epoch ms). */
  readonly now?: (() => number) | undefined;
  readonly logger?: RematchLogger | undefined;
}

/** What one SBOM's re-match did. */
export interface SbomRematch {
  readonly sbomId: string;
  readonly projectId: string;
  readonly stage: Stage;
  /** The scan ingested (an existing one when `duplicate`); undefined when it failed. */
  readonly scanId?: string;
  readonly duplicate?: boolean;
  /** Vulnerability findings reported, and the ingest's counts. */
  readonly findings?: number;
  readonly counts?: IngestResult['counts'];
  /** Why it failed; the other SBOMs were still matched. */
  readonly error?: string;
}

/** What {@link rematchSboms} did. */
export type RematchOutcome =
  | { readonly status: 'no-store'; readonly path: string }
  | {
      readonly status: 'done';
      /** Identifies the OSV database's content (see {@link storeSignature}). */
      readonly signature: string;
      /** SBOMs re-matched now. */
      readonly matched: readonly SbomRematch[];
      /** Latest SBOMs already matched against this state of the database. */
      readonly unchanged: number;
    };

/** The families whose latest SBOM is re-matched: what runs (or is about to run). */
export const REMATCHED_STAGES = ['production', 'main'] as const;

/**
 * A stamp of the OSV database's content: per imported ecosystem, its advisory and package
 * counts and newest `modified` time. An import that changed nothing (the same archive
 * again, an HTTP 304) leaves it as it was; any added, updated or removed record changes it.
 */
export function storeSignature(status: readonly EcosystemStatus[]): string {
  const parts = [...status]
    .sort((a, b) => (a.ecosystem < b.ecosystem ? -1 : 1))
    .map((s) => [s.ecosystem, s.advisories, s.packages, s.newestModified ?? null]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** Whether the re-match stands for a finding: Rampart's own advisory finding, in an ecosystem it can check. */
function judges(finding: Finding, ecosystems: ReadonlySet<string>): boolean {
  // Stored data is read defensively: an unreadable finding is not judged (it is kept).
  const { tool, location, ruleId } = finding as Partial<Finding>;
  return (
    tool?.name === 'rampart' &&
    location?.kind === 'package' &&
    typeof ruleId === 'string' &&
    !ruleId.startsWith('sca/') &&
    ecosystems.has(location.ecosystem)
  );
}

interface LatestSbom {
  readonly id: string;
  readonly project_id: string;
  readonly stage: SbomTable['stage'];
  readonly scope: string;
  readonly branch: string | null;
  readonly commit_sha: string | null;
  readonly uploaded_at: number;
  /** Whether this SBOM was matched before (against another state of the database). */
  readonly matched_before: boolean;
}

/**
 * The scan of one SBOM's re-match, as a Rampart JSON report. Deterministic: the same SBOM,
 * the same database and the same open findings give the same bytes, so the ingest of a
 * repeated re-match is a duplicate that changes nothing.
 */
function rematchReport(
  sbom: LatestSbom,
  findings: readonly Finding[],
  kept: readonly Finding[],
  ranAt: number,
): ScanReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    (typeof SEVERITIES)[number],
    number
  >;
  for (const f of findings) bySeverity[f.severity]++;
  const at = new Date(ranAt).toISOString();
  const git = {
    ...(sbom.commit_sha === null ? {} : { commit: sbom.commit_sha }),
    ...(sbom.branch === null ? {} : { branch: sbom.branch }),
  };
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: packageVersion(import.meta.url) },
    scan: {
      target: `sbom:${sbom.id}`,
      stage: sbom.stage,
      startedAt: at,
      finishedAt: at,
      durationMs: 0,
      ...(Object.keys(git).length > 0 ? { git: { ...git, dirty: false } } : {}),
      filesScanned: 0,
      skipped: [],
      scanners: [{ kind: 'sca', durationMs: 0, findings: findings.length, invalidFindings: 0 }],
    },
    summary: {
      total: findings.length,
      bySeverity,
      byScanner: findings.length > 0 ? { sca: findings.length } : {},
      suppressed: kept.length,
    },
    gate: { threshold: 'never', passed: true, summary: 'SBOM re-match: no gate', failing: [] },
    findings: [...findings],
    suppressed: kept.map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      location: f.location.kind === 'package' ? f.location.manifestPath : f.ruleId,
      kind: 'rule-disabled' as const,
      reason:
        'not judged by the SBOM re-match (licence finding, another tool, or an ecosystem the database lacks)',
    })),
  };
}

/**
 * Re-matches the latest stored SBOM of every project's `production` and `main` scopes
 * against the OSV database, and ingests the vulnerabilities found as a full `sca` scan of
 * that stage (so an advisory published after the component reached production is detected
 * at `production`: a late disclosure in the escape rate). Findings are built by the `sca`
 * scanner's own code, so they and their fingerprints are those `rampart scan` reports for
 * the tree the SBOM was made from.
 *
 * Runs only what changed: an SBOM already matched against the database's current content
 * ({@link storeSignature}) is skipped, so running twice creates no scan. Without a database
 * it does nothing (`no-store`).
 *
 * The scan is dated at the SBOM's upload time the first time the SBOM is matched (it says
 * what ran from then on), else at the database's latest import (the `main` one a
 * millisecond after the `production` one, so a new advisory in both is first seen in
 * production), never after now. It closes only what it judges: Rampart's advisory findings
 * of the scope in ecosystems the database holds; licence findings and other tools' findings
 * of the scope are listed as present (suppressed), not closed.
 */
export async function rematchSboms(
  hub: HubDatabase,
  options: RematchOptions = {},
): Promise<RematchOutcome> {
  const sca = await import('@rampart/sca');
  const now = options.now ?? Date.now;
  const given = options.osv ?? resolveCacheDir();
  let store: OsvStore | undefined;
  let path: string;
  if (typeof given === 'string') {
    path = sca.databasePath(given);
    store = sca.OsvStore.open(path, { create: false, readonly: true });
  } else {
    path = '(open store)';
    store = given;
  }
  if (store === undefined) return { status: 'no-store', path };
  try {
    const status = store.status();
    if (status.length === 0) return { status: 'no-store', path };
    return await rematchWith(hub, store, status, sca, now, options.logger);
  } finally {
    if (typeof given === 'string') store.close();
  }
}

async function rematchWith(
  hub: HubDatabase,
  store: OsvStore,
  status: readonly EcosystemStatus[],
  sca: typeof import('@rampart/sca'),
  now: () => number,
  logger: RematchLogger | undefined,
): Promise<RematchOutcome> {
  const signature = storeSignature(status);
  const ecosystems = new Set<string>(status.map((s) => s.ecosystem));
  const importedAt = Math.max(...status.map((s) => Date.parse(s.importedAt) || 0));
  const db = sbomDb(hub.db);
  const latest = await db
    .selectFrom('sboms as s')
    .select([
      's.id',
      's.project_id',
      's.stage',
      's.scope',
      's.branch',
      's.commit_sha',
      's.uploaded_at',
    ])
    .select((eb) =>
      eb
        .exists(
          eb.selectFrom('sbom_rematches as r').select('r.id').whereRef('r.sbom_id', '=', 's.id'),
        )
        .as('matched_before'),
    )
    .where('s.scope', 'in', [...REMATCHED_STAGES])
    .where((eb) => isLatestOfScope(eb))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('sbom_rematches as r')
            .select('r.id')
            .whereRef('r.sbom_id', '=', 's.id')
            .where('r.store_signature', '=', signature),
        ),
      ),
    )
    .orderBy('s.project_id')
    .orderBy('s.scope', 'desc') // production before main
    .execute();
  const total = await db
    .selectFrom('sboms as s')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.scope', 'in', [...REMATCHED_STAGES])
    .where((eb) => isLatestOfScope(eb))
    .executeTakeFirstOrThrow();
  const matched: SbomRematch[] = [];
  const options = sca.parseScaOptions(undefined, undefined);
  for (const row of latest) {
    const sbom: LatestSbom = { ...row, matched_before: Boolean(Number(row.matched_before)) };
    const base = { sbomId: sbom.id, projectId: sbom.project_id, stage: sbom.stage };
    try {
      const at = now();
      const ranAt = sbom.matched_before
        ? Math.min(at, Math.max(sbom.uploaded_at, importedAt + (sbom.scope === 'main' ? 1 : 0)))
        : Math.min(at, sbom.uploaded_at);
      const stored = await db
        .selectFrom('sboms')
        .select('document')
        .where('id', '=', sbom.id)
        .executeTakeFirstOrThrow();
      const { document } = readSbom((await gunzipAsync(stored.document)).toString('utf8'));
      const dependencies = await sbomDependencies(document, sca);
      const drafts: FindingDraft[] = [];
      for (const match of sca.matchDependencies(dependencies, store)) {
        const draft = sca.vulnerabilityFinding(match, options);
        if (draft) drafts.push(draft);
      }
      const unique = new Map<string, Finding>();
      for (const f of ((await assignFingerprints(drafts, async () => undefined)) as Finding[]).sort(
        compareFindings,
      )) {
        if (!unique.has(f.fingerprint)) unique.set(f.fingerprint, f);
      }
      const findings = [...unique.values()];
      const kept = await keptFindings(hub, sbom, ranAt, ecosystems, unique);
      const body = Buffer.from(JSON.stringify(rematchReport(sbom, findings, kept, ranAt)));
      const result = await ingestScan(hub, {
        projectId: sbom.project_id,
        body,
        format: 'rampart',
        kind: 'full',
        scanners: ['sca'],
        stage: sbom.stage,
        ranAt,
        maxBytes: body.length,
        now: at,
      });
      await db
        .insertInto('sbom_rematches')
        .values({
          id: randomUUID(),
          sbom_id: sbom.id,
          project_id: sbom.project_id,
          store_signature: signature,
          scan_id: result.scanId,
          ran_at: ranAt,
          matched_at: at,
          findings: findings.length,
          new_findings: result.counts.new,
        })
        .onConflict((oc) => oc.columns(['sbom_id', 'store_signature']).doNothing())
        .execute();
      matched.push({
        ...base,
        scanId: result.scanId,
        duplicate: result.duplicate,
        findings: findings.length,
        counts: result.counts,
      });
      logger?.info(
        `sbom rematch: project ${sbom.project_id} ${sbom.stage} SBOM ${sbom.id}: ${findings.length} vulnerabilities, ${result.counts.new} new, ${result.counts.fixed} fixed`,
      );
    } catch (error) {
      const message = (error as Error).message;
      matched.push({ ...base, error: message });
      logger?.warn(
        `sbom rematch: project ${sbom.project_id} ${sbom.stage} SBOM ${sbom.id} failed: ${message}`,
      );
    }
  }
  return {
    status: 'done',
    signature,
    matched,
    unchanged: Number(total.n) - latest.length,
  };
}

/**
 * The findings open in the SBOM's scope (since no later than the scan's time) that the
 * re-match does not judge: listed as present so that the full scan does not close them.
 */
async function keptFindings(
  hub: HubDatabase,
  sbom: LatestSbom,
  ranAt: number,
  ecosystems: ReadonlySet<string>,
  reported: ReadonlyMap<string, Finding>,
): Promise<Finding[]> {
  const rows = await sbomDb(hub.db)
    .selectFrom('finding_scopes')
    .innerJoin('findings', 'findings.id', 'finding_scopes.finding_id')
    .select(['findings.fingerprint', 'findings.data'])
    .where('finding_scopes.project_id', '=', sbom.project_id)
    .where('finding_scopes.scope', '=', sbom.scope)
    .where('finding_scopes.open', '=', 1)
    .where('finding_scopes.first_seen_at', '<=', ranAt)
    .where('findings.scanner', '=', 'sca')
    .orderBy('findings.fingerprint')
    .execute();
  const kept: Finding[] = [];
  for (const row of rows) {
    if (reported.has(row.fingerprint)) continue;
    let finding: Finding;
    try {
      finding = JSON.parse(row.data) as Finding;
    } catch {
      continue;
    }
    if (!judges(finding, ecosystems)) kept.push({ ...finding, fingerprint: row.fingerprint });
  }
  return kept;
}
