import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { detectCi, RampartError, type Stage, stageFromCi } from '@rampart/core';
import { type HubConnection, hubRequest } from './hub-client.js';

const gzipAsync = promisify(gzip);

/** What the hub answers to an upload. */
export interface UploadResult {
  readonly scanId: string;
  readonly duplicate: boolean;
  readonly late: boolean;
  readonly counts: { new: number; seen: number; fixed: number; reopened: number };
}

/** What an upload says that the report does not (or says wrongly); all optional. */
export interface ScanFacts {
  /** The report's format id (`rampart`, `sarif`, `trivy`…); default: the hub detects it. */
  readonly format?: string | undefined;
  readonly stage?: Stage | undefined;
  readonly branch?: string | undefined;
  readonly commit?: string | undefined;
  /** `full` closes what the scan no longer sees; `diff` closes nothing. */
  readonly kind?: 'full' | 'diff' | undefined;
  /** When the scan ran, ISO 8601. */
  readonly ranAt?: string | undefined;
  /** The scanner kinds that ran, comma-separated. */
  readonly scanners?: string | undefined;
}

/**
 * Sends a report to the hub (`POST /api/v1/projects/{id}/scans`), gzip-compressed (a
 * report already gzipped is sent as it is). What neither `facts` nor the report says
 * (stage, branch, commit) the hub takes from the CI environment, passed as fallbacks.
 * @throws RampartError `RAMPART_HUB` when the hub cannot be reached or refuses the scan.
 */
export async function sendScan(
  hub: HubConnection,
  report: Buffer,
  facts: ScanFacts,
  options: {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly signal: AbortSignal;
    readonly timeoutSeconds: number;
    readonly debug?: (message: string) => void;
  },
): Promise<UploadResult> {
  const body = report[0] === 0x1f && report[1] === 0x8b ? report : await gzipAsync(report);
  const ci = detectCi(options.env);
  const query = new URLSearchParams();
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') query.set(key, value);
  };
  set('format', facts.format);
  set('stage', facts.stage);
  set('branch', facts.branch);
  set('commit', facts.commit);
  set('kind', facts.kind);
  set('ranAt', facts.ranAt);
  set('scanners', facts.scanners);
  if (ci !== undefined) {
    set('fallbackStage', stageFromCi(ci));
    set('fallbackBranch', ci.branch);
    set('fallbackCommit', ci.commit);
  }
  const route = `api/v1/projects/${encodeURIComponent(hub.project)}/scans`;
  options.debug?.(
    `POST ${hub.server.href.replace(/\/?$/, '/')}${route} (${report.length} bytes, ${body.length} gzipped)`,
  );
  const path = `${route}?${query}`;
  const answer = await hubRequest(hub, {
    method: 'POST',
    path,
    body,
    contentType: 'application/gzip',
    what: 'upload to',
    signal: options.signal,
    timeoutSeconds: options.timeoutSeconds,
  });
  const result = answer.body as Partial<UploadResult> | null;
  if (typeof result?.scanId !== 'string' || typeof result.counts !== 'object')
    throw new RampartError(
      'RAMPART_HUB',
      `upload to ${hub.server.origin}: the answer is not the hub's (no scan id)`,
      { hint: 'is --server a Rampart hub?' },
    );
  return result as UploadResult;
}

/** One line saying what the upload did. */
export function describeUpload(result: UploadResult, project: string): string {
  if (result.duplicate) return `already uploaded as scan ${result.scanId}: nothing changed`;
  const c = result.counts;
  return `uploaded scan ${result.scanId} to project ${project}: ${c.new} new, ${c.seen} seen again, ${c.fixed} fixed, ${c.reopened} reopened${result.late ? ' (it ran before scans already uploaded: applied in run order)' : ''}`;
}
