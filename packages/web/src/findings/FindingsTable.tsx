import { Link } from 'react-router';
import type { FindingListItem, FindingSort, SortOrder } from '../api/finding-types.js';
import { SeverityBadge, StatusBadge } from '../ui/Badge.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { locationText, scannerLabel, stageLabel } from './labels.js';

/** A column header that sorts the list (server-side); `aria-sort` says how it is sorted. */
function SortHeader({
  column,
  label,
  sort,
  order,
  onSort,
}: {
  readonly column: FindingSort;
  readonly label: string;
  readonly sort: FindingSort;
  readonly order: SortOrder;
  readonly onSort: (column: FindingSort) => void;
}) {
  const active = column === sort;
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * The findings of one page. Every value in it comes from scanned content: text only, and the
 * location (a URL, for DAST) is never a link.
 */
export function FindingsTable({
  findings,
  sort,
  order,
  onSort,
  busy,
  from,
}: {
  readonly findings: readonly FindingListItem[];
  readonly sort: FindingSort;
  readonly order: SortOrder;
  readonly onSort: (column: FindingSort) => void;
  readonly busy: boolean;
  /** The list's search string, so the detail page can link back to the same list. */
  readonly from: string;
}) {
  const header = { sort, order, onSort };
  return (
    <div className="table-wrap">
      <table aria-label="Findings" aria-busy={busy} className="findings-table">
        <thead>
          <tr>
            <SortHeader column="severity" label="Severity" {...header} />
            <th scope="col">Title</th>
            <th scope="col">Location</th>
            <th scope="col">Project</th>
            <th scope="col">Scanner</th>
            <th scope="col">Status</th>
            <SortHeader column="firstSeen" label="First seen" {...header} />
            <SortHeader column="lastSeen" label="Last seen" {...header} />
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => {
            const where = locationText(f.location);
            return (
              <tr key={f.id}>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="findings-title">
                  <Link to={`/findings/${encodeURIComponent(f.id)}`} state={{ from }}>
                    {f.title}
                  </Link>
                </td>
                <td className="mono findings-location" title={where}>
                  {where}
                </td>
                <td className="findings-project">
                  <Link to={`/projects/${encodeURIComponent(f.projectId)}`}>
                    {f.projectName ?? f.projectId}
                  </Link>
                </td>
                <td>{scannerLabel(f.scanner)}</td>
                <td>
                  <StatusBadge status={f.status} />
                </td>
                <td className="nowrap">
                  <time dateTime={f.firstSeenAt} title={formatDateTime(f.firstSeenAt)}>
                    {formatDate(f.firstSeenAt)}
                  </time>
                  <div className="muted small">{stageLabel(f.firstSeenStage)}</div>
                </td>
                <td className="nowrap">
                  <time dateTime={f.lastSeenAt} title={formatDateTime(f.lastSeenAt)}>
                    {formatDate(f.lastSeenAt)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
