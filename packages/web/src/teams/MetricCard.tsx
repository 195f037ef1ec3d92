import type { UseQueryResult } from '@tanstack/react-query';
import { Definition } from '../ui/Definition.js';

/** How a report reads as a headline value and a line of detail. */
export interface Reading {
  readonly value: string;
  readonly detail?: string;
}

/**
 * One metric for the team next to the comparison scope (the organisation, or the caller's
 * teams): a title with the metric's definition, then both values side by side.
 */
export function MetricCard<T>({
  title,
  definition,
  team,
  other,
  teamLabel,
  otherLabel,
  read,
}: {
  readonly title: string;
  readonly definition: string;
  readonly team: UseQueryResult<T>;
  readonly other: UseQueryResult<T>;
  readonly teamLabel: string;
  readonly otherLabel: string;
  readonly read: (report: T) => Reading;
}) {
  return (
    <section className="card metric-card" aria-label={title}>
      <h3 className="stat-label metric-title">
        {title}
        <Definition term={title}>{definition}</Definition>
      </h3>
      <dl className="metric-compare">
        <MetricValue label={teamLabel} query={team} read={read} primary />
        <MetricValue label={otherLabel} query={other} read={read} />
      </dl>
    </section>
  );
}

function MetricValue<T>({
  label,
  query,
  read,
  primary = false,
}: {
  readonly label: string;
  readonly query: UseQueryResult<T>;
  readonly read: (report: T) => Reading;
  readonly primary?: boolean;
}) {
  const reading = query.data === undefined ? undefined : read(query.data);
  return (
    <div className={primary ? 'metric-side metric-primary' : 'metric-side'}>
      <dt>{label}</dt>
      <dd aria-busy={query.isPending}>
        {query.isPending ? (
          <span className="muted">Loading…</span>
        ) : query.isError ? (
          <>
            <span className="muted">Could not load. </span>
            <button type="button" className="button-ghost" onClick={() => void query.refetch()}>
              Retry
            </button>
          </>
        ) : reading ? (
          <>
            <span className="metric-value">{reading.value}</span>
            {reading.detail ? <span className="muted metric-detail">{reading.detail}</span> : null}
          </>
        ) : null}
      </dd>
    </div>
  );
}
