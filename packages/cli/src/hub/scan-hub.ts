import {
  buildScanReport,
  compareFindings,
  type ReportMeta,
  type ScanResult,
  UsageError,
} from '@rampart/core';
import { type HubConnection, hubServerUrl, hubToken, NO_TOKEN } from './hub-client.js';

// What `rampart scan` does with the hub: which one (--server, --project, the token), and
// the report it uploads (--upload).

/** The hub flags of `rampart scan`. */
export interface ScanHubFlags {
  readonly server?: string | undefined;
  readonly project?: string | undefined;
  readonly token?: string | undefined;
  readonly serverOptional?: boolean | undefined;
  readonly upload?: boolean | undefined;
}

/**
 * The hub `rampart scan` talks to, or undefined without `--server`. Flags that need
 * another are usage errors; a missing token is one too, unless `--server-optional` (a pull
 * request from a fork gets no secrets): then `warn` says so and the scan goes without.
 */
export function scanHubConnection(
  flags: ScanHubFlags,
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void,
): HubConnection | undefined {
  if (flags.server === undefined) {
    const needing = [
      flags.project !== undefined && '--project',
      flags.token !== undefined && '--token',
      flags.upload && '--upload',
      flags.serverOptional && '--server-optional',
    ].filter(Boolean);
    if (needing.length > 0)
      throw new UsageError(`${needing.join(', ')} needs --server (the hub's URL)`);
    return undefined;
  }
  const server = hubServerUrl(flags.server);
  if (flags.project === undefined || flags.project.trim() === '')
    throw new UsageError('--server needs --project (the project id on the hub)');
  const token = hubToken(flags.token, env);
  if (token === undefined) {
    if (!flags.serverOptional) throw new UsageError(NO_TOKEN);
    warn(
      `${NO_TOKEN}; scanning without the hub's triage${flags.upload ? ', not uploading' : ''} (--server-optional)`,
    );
    return undefined;
  }
  return { server, project: flags.project.trim(), token };
}

/**
 * The report sent to the hub: the scan's JSON report, except that findings the hub's own
 * triage suppressed go as findings. The hub keeps their triage (a person's decision, a rule
 * it applies at ingest), records those it has not seen yet, and their last sighting.
 */
export function hubReport(result: ScanResult, meta: ReportMeta): Buffer {
  const byHub = result.suppressed.filter((s) => s.kind === 'hub');
  const sent: ScanResult =
    byHub.length === 0
      ? result
      : {
          ...result,
          findings: [...result.findings, ...byHub.map((s) => s.finding)].sort(compareFindings),
          suppressed: result.suppressed.filter((s) => s.kind !== 'hub'),
        };
  return Buffer.from(JSON.stringify(buildScanReport(sent, meta)));
}
