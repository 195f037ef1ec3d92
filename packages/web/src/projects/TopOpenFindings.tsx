import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, withQuery } from '../api/client.js';
import { type FindingSummary, SEVERITIES } from '../api/types.js';
import { SeverityBadge } from '../ui/Badge.js';
import { formatDate } from '../ui/format.js';
import { Empty, ErrorState, Loading } from '../ui/states.js';
import { stageLabel } from './labels.js';

const LIMIT = 10;

/**
 * The project's most severe open findings: one small request per severity (the project's
 * finding list is ordered by first detection only), the most severe first and, within a
 * severity, the most recently detected first.
 */
export function TopOpenFindings({ projectId }: { readonly projectId: string }) {
  const results = useQueries({
    queries: SEVERITIES.map((severity) => ({
      queryKey: ['project', projectId, 'findings', 'open', severity, LIMIT],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<{ findings: readonly FindingSummary[] }>(
          withQuery(`/api/v1/projects/${encodeURIComponent(projectId)}/findings`, {
            status: 'open',
            severity,
            limit: LIMIT,
          }),
          { signal },
        ),
    })),
  });
  const failed = results.find((r) => r.isError);
  if (failed) {
    return (
      <ErrorState
        error={failed.error}
        retry={() => {
          for (const r of results) if (r.isError) void r.refetch();
        }}
      />
    );
  }
  if (results.some((r) => r.isPending)) return <Loading label="Loading open findings…" />;
  const findings = results.flatMap((r) => r.data?.findings ?? []).slice(0, LIMIT);
  if (findings.length === 0) return <Empty>No open findings. Well done.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Most severe open findings</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Finding</th>
            <th scope="col">Scanner</th>
            <th scope="col">First seen</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.id}>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <td className="wrap">
                <Link to={`/findings/${encodeURIComponent(f.id)}`}>{f.title}</Link>
                <div className="muted mono">{locationText(f)}</div>
              </td>
              <td>{f.scanner}</td>
              <td>
                {formatDate(f.firstSeenAt)}
                <div className="muted">{stageLabel(f.firstSeenStage)}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Where a finding is, as plain text (file and line, package, or request). */
function locationText(f: FindingSummary): string {
  const l = f.location;
  if (l === null) return f.ruleId;
  if (l.kind === 'code') return `${l.path}:${l.region.startLine}`;
  if (l.kind === 'package') return `${l.name}@${l.version}`;
  return `${l.method} ${l.url}`;
}
