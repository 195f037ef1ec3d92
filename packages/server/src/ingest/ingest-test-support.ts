import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Finding, ScannerKind, ScanReport, Severity, Stage } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import type { HubDatabase } from '../db/database.js';
import type { GlobalRole, TeamRole } from '../db/schema.js';
import { lifecycleDb } from '../lifecycle/tables.js';

// Test support for ingest, lifecycle and triage suites: projects, users, findings and
// Rampart reports built in code, the importers' sample reports, and a principal hook.

/** A team and a project of it. */
export async function seedProject(
  hub: HubDatabase,
  name = `p-${randomUUID().slice(0, 8)}`,
  teamId?: string,
): Promise<{ teamId: string; projectId: string }> {
  const team = teamId ?? randomUUID();
  if (teamId === undefined) {
    await hub.db
      .insertInto('teams')
      .values({ id: team, slug: `t-${team.slice(0, 8)}`, name: `Team ${name}`, created_at: 1 })
      .execute();
  }
  const projectId = randomUUID();
  await hub.db
    .insertInto('projects')
    .values({
      id: projectId,
      name,
      repository: null,
      default_branch: 'main',
      team_id: team,
      created_at: 1,
    })
    .execute();
  return { teamId: team, projectId };
}

/** A user (with a membership when `team` is given) and the principal they sign in as. */
export async function seedUser(
  hub: HubDatabase,
  options: { globalRole?: GlobalRole; team?: { id: string; role: TeamRole } } = {},
): Promise<UserPrincipal> {
  const id = randomUUID();
  const username = `u-${id.slice(0, 8)}`;
  await hub.db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: username,
      password_hash: null,
      global_role: options.globalRole ?? null,
      created_at: 1,
    })
    .execute();
  if (options.team) {
    await hub.db
      .insertInto('memberships')
      .values({ team_id: options.team.id, user_id: id, role: options.team.role, created_at: 1 })
      .execute();
  }
  return {
    kind: 'user',
    userId: id,
    username,
    globalRole: options.globalRole ?? null,
    teams: new Map(options.team ? [[options.team.id, options.team.role]] : []),
    via: 'token',
  };
}

/**
 * Test-only authentication: `Authorization: Bearer <key>` is the principal registered under
 * that key in `principals`; anything else is anonymous.
 */
export function usePrincipals(app: FastifyInstance, principals: Map<string, Principal>): void {
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    request.principal = header?.startsWith('Bearer ') ? principals.get(header.slice(7)) : undefined;
  });
}

/** A code finding with a fixed fingerprint `fp-<key>`. */
export function codeFinding(
  key: string,
  options: {
    scanner?: ScannerKind;
    severity?: Severity;
    ruleId?: string;
    path?: string;
    fingerprint?: string;
  } = {},
): Finding {
  return {
    ruleId: options.ruleId ?? `${options.scanner ?? 'sast'}.test-rule`,
    scanner: options.scanner ?? 'sast',
    tool: { name: 'rampart', version: '0.1.0' },
    title: `Test finding ${key}`,
    message: `finding ${key}`,
    severity: options.severity ?? 'high',
    confidence: 'high',
    cwe: ['CWE-89'],
    location: {
      kind: 'code',
      path: options.path ?? `src/${key}.js`,
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 },
      snippet: `query(${key})`,
    },
    references: [],
    tags: [],
    fingerprint: options.fingerprint ?? `fp-${key}`,
  };
}

/** A dependency finding of an advisory (with aliases), fingerprint `fp-<advisory>-<name>`. */
export function packageFinding(
  advisory: string,
  aliases: readonly string[] = [],
  name = 'lodash',
): Finding {
  return {
    ruleId: advisory,
    scanner: 'sca',
    tool: { name: 'rampart', version: '0.1.0' },
    title: `Vulnerable ${name}`,
    message: `${name} 4.17.20 is affected by ${advisory}`,
    severity: 'high',
    confidence: 'high',
    cwe: [],
    location: {
      kind: 'package',
      purl: `pkg:npm/${name}@4.17.20`,
      ecosystem: 'npm',
      name,
      version: '4.17.20',
      manifestPath: 'package-lock.json',
      fixedVersions: ['4.17.21'],
    },
    references: [],
    tags: ['dependency'],
    properties: { advisory, aliases: [...aliases] },
    fingerprint: `fp-${advisory}-${name}`,
  };
}

/** What a built Rampart report says. */
export interface ReportSpec {
  readonly findings: readonly Finding[];
  readonly stage?: Stage;
  readonly branch?: string;
  readonly commit?: string;
  /** When the scan finished (epoch ms). */
  readonly at?: number;
  /** The scanner kinds that ran; default: those of the findings, else sast. */
  readonly scanners?: readonly ScannerKind[];
  readonly diffBase?: string;
  readonly suppressed?: readonly Finding[];
  readonly pullRequest?: number;
}

/** A valid Rampart JSON report. */
export function rampartReport(spec: ReportSpec): ScanReport {
  const at = spec.at ?? Date.parse('2026-01-01T00:00:00Z');
  const kinds =
    spec.scanners ??
    (spec.findings.length > 0 ? [...new Set(spec.findings.map((f) => f.scanner))] : ['sast']);
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byScanner: Record<string, number> = {};
  for (const f of spec.findings) {
    bySeverity[f.severity]++;
    byScanner[f.scanner] = (byScanner[f.scanner] ?? 0) + 1;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'rampart', version: '0.1.0' },
    scan: {
      target: '.',
      stage: spec.stage ?? 'main',
      startedAt: new Date(at - 1000).toISOString(),
      finishedAt: new Date(at).toISOString(),
      durationMs: 1000,
      ...(spec.branch || spec.commit
        ? {
            git: {
              ...(spec.branch ? { branch: spec.branch } : {}),
              ...(spec.commit ? { commit: spec.commit } : {}),
              dirty: false,
            },
          }
        : {}),
      ...(spec.diffBase ? { diffBase: spec.diffBase } : {}),
      ...(spec.pullRequest
        ? { ci: { provider: 'github-actions', pullRequest: spec.pullRequest } }
        : {}),
      filesScanned: 10,
      skipped: [],
      scanners: kinds.map((kind) => ({
        kind,
        durationMs: 10,
        findings: spec.findings.filter((f) => f.scanner === kind).length,
        invalidFindings: 0,
      })),
    },
    summary: {
      total: spec.findings.length,
      bySeverity,
      byScanner,
      suppressed: spec.suppressed?.length ?? 0,
    },
    gate: { threshold: 'high', passed: true, summary: 'passed', failing: [] },
    findings: [...spec.findings],
    suppressed: (spec.suppressed ?? []).map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      location: 'src/x.js:1',
      kind: 'baseline' as const,
    })),
  };
}

/** A Rampart report as an upload body. */
export function reportBody(spec: ReportSpec): Buffer {
  return Buffer.from(JSON.stringify(rampartReport(spec)));
}

/** A sample report of the importers (`<format>/fixtures/<file>`). */
export function importerSample(format: string, file: string): Buffer {
  return readFileSync(
    new URL(`../../../importers/src/formats/${format}/fixtures/${file}`, import.meta.url),
  );
}

/** The lifecycle-typed query builder. */
export function store(hub: HubDatabase) {
  return lifecycleDb(hub.db);
}

/** Rows of a table for a project (tests count what an ingest left). */
export async function countRows(
  hub: HubDatabase,
  projectId: string,
): Promise<Record<'scans' | 'findings' | 'events' | 'scopes' | 'sightings', number>> {
  const db = store(hub);
  const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  return {
    scans: await count(
      db
        .selectFrom('scans')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow(),
    ),
    findings: await count(
      db
        .selectFrom('findings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow(),
    ),
    events: await count(
      db
        .selectFrom('finding_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow(),
    ),
    scopes: await count(
      db
        .selectFrom('finding_scopes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow(),
    ),
    sightings: await count(
      db
        .selectFrom('scan_sightings')
        .innerJoin('scans', 'scans.id', 'scan_sightings.scan_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('scans.project_id', '=', projectId)
        .executeTakeFirstOrThrow(),
    ),
  };
}

/** A project's findings by fingerprint. */
export async function findingsOf(hub: HubDatabase, projectId: string) {
  const rows = await store(hub)
    .selectFrom('findings')
    .selectAll()
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.fingerprint, r]));
}

/** A project's events as `[fingerprint, type, at, stage]`, in history order. */
export async function eventsOf(
  hub: HubDatabase,
  projectId: string,
  types?: readonly string[],
): Promise<[string, string, number, string | null][]> {
  let q = store(hub)
    .selectFrom('finding_events')
    .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
    .select([
      'findings.fingerprint',
      'finding_events.type',
      'finding_events.at',
      'finding_events.stage',
      'finding_events.id',
    ])
    .where('finding_events.project_id', '=', projectId);
  if (types) q = q.where('finding_events.type', 'in', [...types]);
  const rows = await q.orderBy('finding_events.at').orderBy('finding_events.id').execute();
  return rows.map((r) => [r.fingerprint, r.type, r.at, r.stage]);
}
