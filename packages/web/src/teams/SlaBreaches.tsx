import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { SlaReport } from '../api/types.js';
import { SeverityBadge } from '../ui/Badge.js';
import { Definition } from '../ui/Definition.js';
import { formatCount, formatDate, formatDays } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { DEFINITIONS } from './definitions.js';

/** The team's open findings past their SLA at the period's end, most overdue first. */
export function SlaBreaches({ query }: { readonly query: UseQueryResult<SlaReport> }) {
  return (
    <section className="card" aria-labelledby="sla-breaches">
      <h2 id="sla-breaches" className="metric-title">
        Past their SLA{query.data ? ` (${formatCount(query.data.breaches.total)})` : ''}
        <Definition term="SLA breaches">{DEFINITIONS.slaBreaches}</Definition>
      </h2>
      <QueryView query={query} label="Loading SLA breaches…">
        {(report) => <BreachList {...report.breaches} />}
      </QueryView>
    </section>
  );
}

function BreachList({
  total,
  items,
}: {
  readonly total: number;
  readonly items: SlaReport['breaches']['items'];
}) {
  return (
    <>
      {items.length === 0 ? (
        <Empty>No open finding is past its SLA.</Empty>
      ) : (
        <>
          <ul className="breach-list">
            {items.map((b) => (
              <li key={b.findingId}>
                <SeverityBadge severity={b.severity} />{' '}
                <Link to={`/findings/${encodeURIComponent(b.findingId)}`}>{b.title}</Link>
                <div className="muted">
                  {b.projectName} · due {formatDate(b.dueAt)} · {formatDays(b.daysOverdue)} overdue
                </div>
              </li>
            ))}
          </ul>
          {total > items.length ? (
            <p className="muted">{formatCount(total - items.length)} more not shown.</p>
          ) : null}
        </>
      )}
    </>
  );
}
