import { Link } from 'react-router';
import { formatDateTime } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import type { HistoryDraft } from './types.js';

/** Status words of a draft. */
export const DRAFT_STATUS_LABELS: Readonly<Record<string, string>> = {
  draft: 'Draft',
  approved: 'Approved',
  rejected: 'Rejected',
  published: 'Published',
};

/** The drafts, newest first, each opening in the editor (`?draft=<id>`). */
export function DraftList({
  drafts,
  selected,
}: {
  readonly drafts: readonly HistoryDraft[];
  readonly selected: string | undefined;
}) {
  if (drafts.length === 0) return <Empty>No drafts yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">CWE</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d) => (
            <tr key={d.id} aria-current={d.id === selected ? 'true' : undefined}>
              <td>
                <Link to={`/ctf/history?draft=${encodeURIComponent(d.id)}`}>{d.title}</Link>
              </td>
              <td>{d.cwe}</td>
              <td>
                <span className={`badge ctfh-status-${d.status}`}>
                  {DRAFT_STATUS_LABELS[d.status] ?? d.status}
                </span>
              </td>
              <td>{formatDateTime(d.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
