import { Link } from 'react-router';
import type { OpenBySeverity } from '../api/org-types.js';
import type { DurationSummary, Team } from '../api/types.js';
import { RiskSummary } from '../projects/RiskSummary.js';
import { Definition } from '../ui/Definition.js';
import { formatCount, formatDays } from '../ui/format.js';
import { DEFINITIONS } from './definitions.js';

/** What the teams list shows of one team besides its name. */
export interface TeamRow {
  readonly team: Team;
  readonly projects: number | undefined;
  readonly open: OpenBySeverity | undefined;
  readonly mttr: DurationSummary | undefined;
}

/** Each team with its champions, projects, open findings and MTTR over the period. */
export function TeamTable({
  rows,
  days,
  mttrStatus,
}: {
  readonly rows: readonly TeamRow[];
  readonly days: number;
  /** The state of the MTTR report every row's MTTR comes from. */
  readonly mttrStatus: 'pending' | 'error' | 'success';
}) {
  return (
    <div className="table-wrap">
      <table className="teams-table">
        <caption className="visually-hidden">Teams, their champions and their metrics</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col">Champions</th>
            <th scope="col" className="num">
              Projects
            </th>
            <th scope="col">
              <span className="th-with-definition">
                Open findings
                <Definition term="open findings">{DEFINITIONS.openNow}</Definition>
              </span>
            </th>
            <th scope="col">
              <span className="th-with-definition">
                MTTR, median ({days} days)
                <Definition term="MTTR">{DEFINITIONS.mttr}</Definition>
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ team, projects, open, mttr }) => (
            <tr key={team.id}>
              <th scope="row" className="wrap">
                <Link to={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>
                <div className="muted mono">{team.slug}</div>
              </th>
              <td className="wrap">
                <Champions team={team} />
              </td>
              <td className="num">
                {projects === undefined ? (
                  '—'
                ) : (
                  <Link
                    to={`/projects?team=${encodeURIComponent(team.id)}`}
                    aria-label={`${projects} ${projects === 1 ? 'project' : 'projects'} of ${team.name}`}
                  >
                    {formatCount(projects)}
                  </Link>
                )}
              </td>
              <td>
                <RiskSummary open={open} />
              </td>
              <td>
                {mttrStatus !== 'success' ? (
                  <span className="muted">{mttrStatus === 'pending' ? 'Loading…' : '—'}</span>
                ) : mttr && mttr.count > 0 ? (
                  <>
                    {formatDays(mttr.median)}
                    <div className="muted">{formatCount(mttr.count)} fixed</div>
                  </>
                ) : (
                  <span className="muted">No fixes</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Champions({ team }: { readonly team: Team }) {
  const champions = (team.champions ?? []).map((c) => c.displayName ?? c.username);
  if (champions.length === 0) return <span className="muted">None yet</span>;
  return <>{champions.join(', ')}</>;
}
