import type { ScanTool, ScanUploader } from '../api/org-types.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { Empty, ErrorState, Loading } from '../ui/states.js';
import { stageLabel } from './labels.js';
import { useProjectScans } from './project-queries.js';

/** A project's scans, newest first, with a button that loads the next page. */
export function ScanHistory({ projectId }: { readonly projectId: string }) {
  const query = useProjectScans(projectId);
  if (query.isPending) return <Loading label="Loading scans…" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const scans = query.data.pages.flatMap((p) => p.scans);
  if (scans.length === 0) {
    return (
      <Empty>
        No scans yet. Upload one with <code>rampart scan --server</code> from CI.
      </Empty>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Scan history, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Ran</th>
              <th scope="col">Stage</th>
              <th scope="col">Kind</th>
              <th scope="col">Branch</th>
              <th scope="col">Commit</th>
              <th scope="col">Scanners</th>
              <th scope="col" className="num">
                Findings
              </th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {scans.map((s) => (
              <tr key={s.id}>
                <td>{formatDateTime(s.ranAt)}</td>
                <td>{stageLabel(s.stage)}</td>
                <td>
                  {s.kind === 'diff' ? 'Diff' : 'Full'}
                  {s.scope ? <div className="muted">{scopeLabel(s.scope)}</div> : null}
                </td>
                <td className="wrap">{s.branch ?? '—'}</td>
                <td className="mono" title={s.commit ?? undefined}>
                  {s.commit === null ? '—' : s.commit.slice(0, 12)}
                </td>
                <td className="wrap">
                  <ScanTools tools={s.tools} />
                </td>
                <td className="num">{formatCount(s.findings)}</td>
                <td className="wrap">{uploaderLabel(s.uploadedBy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        {query.hasNextPage ? (
          <button
            type="button"
            className="button-secondary"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? 'Loading…' : 'Show older scans'}
          </button>
        ) : (
          <span className="muted">
            {scans.length === 1 ? 'The only scan.' : `All ${scans.length} scans shown.`}
          </span>
        )}
        {query.isFetchNextPageError ? (
          <span role="alert">Could not load more scans; try again.</span>
        ) : null}
      </div>
    </>
  );
}

/** The scanners that ran, each with its tool and version when the report named them. */
function ScanTools({ tools }: { readonly tools: readonly ScanTool[] }) {
  if (tools.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="scan-tools">
      {tools.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the report's list, shown as it is
        <li key={i}>
          {t.scanner || t.tool}
          {t.tool && t.tool !== t.scanner ? (
            <span className="muted">
              {' '}
              ({t.tool}
              {t.version ? ` ${t.version}` : ''})
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** What a full scan covers: the main branch, production, or a named branch. */
function scopeLabel(scope: string): string {
  if (scope.startsWith('branch:')) return `scope: branch ${scope.slice('branch:'.length)}`;
  return `scope: ${scope}`;
}

/** Who uploaded a scan, as text: the person's name, the CI token's, or a dash when unknown. */
function uploaderLabel(uploader: ScanUploader | null): string {
  if (uploader === null) return '—';
  return uploader.kind === 'ci-token' ? `CI token ${uploader.name}` : uploader.displayName;
}
