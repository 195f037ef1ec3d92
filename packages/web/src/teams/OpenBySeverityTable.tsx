import type { UseQueryResult } from '@tanstack/react-query';
import { type OpenAgeReport, SEVERITIES } from '../api/types.js';
import { SeverityBadge } from '../ui/Badge.js';
import { Definition } from '../ui/Definition.js';
import { formatCount } from '../ui/format.js';
import { ErrorState, Loading } from '../ui/states.js';
import { DEFINITIONS } from './definitions.js';

/** Open findings at the period's end by severity: the team's next to the comparison's. */
export function OpenBySeverityTable({
  team,
  other,
  teamLabel,
  otherLabel,
}: {
  readonly team: UseQueryResult<OpenAgeReport>;
  readonly other: UseQueryResult<OpenAgeReport>;
  readonly teamLabel: string;
  readonly otherLabel: string;
}) {
  const failed = team.isError ? team : other.isError ? other : undefined;
  const count = (report: OpenAgeReport | undefined, severity: string) =>
    report === undefined
      ? undefined
      : (report.bySeverity.find((s) => s.severity === severity)?.count ?? 0);
  return (
    <section className="card" aria-labelledby="open-by-severity">
      <h2 id="open-by-severity" className="metric-title">
        Open findings by severity
        <Definition term="open findings">{DEFINITIONS.open}</Definition>
      </h2>
      {failed ? (
        <ErrorState error={failed.error} retry={() => void failed.refetch()} />
      ) : team.isPending || other.isPending ? (
        <Loading label="Loading open findings…" />
      ) : (
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col" className="num">
                {teamLabel}
              </th>
              <th scope="col" className="num">
                {otherLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {SEVERITIES.map((s) => (
              <tr key={s}>
                <th scope="row">
                  <SeverityBadge severity={s} />
                </th>
                <td className="num">{formatCount(count(team.data, s))}</td>
                <td className="num">{formatCount(count(other.data, s))}</td>
              </tr>
            ))}
            <tr className="total-row">
              <th scope="row">All</th>
              <td className="num">{formatCount(team.data?.total)}</td>
              <td className="num">{formatCount(other.data?.total)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
