import { Link } from 'react-router';
import type { ProjectWithSummary } from '../api/org-types.js';
import type { Team } from '../api/types.js';
import { DEFINITIONS } from '../teams/definitions.js';
import { Definition } from '../ui/Definition.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { stageLabel } from './labels.js';
import { RiskSummary } from './RiskSummary.js';
import { totalOpen } from './risk.js';

/** Projects with their team, open findings by severity and last scan. */
export function ProjectTable({
  projects,
  teams,
}: {
  readonly projects: readonly ProjectWithSummary[];
  readonly teams: ReadonlyMap<string, Team>;
}) {
  return (
    <div className="table-wrap">
      <table className="project-table">
        <caption className="visually-hidden">Projects and their open findings</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Team</th>
            <th scope="col">
              <span className="th-with-definition">
                Open findings by severity
                <Definition term="open findings">{DEFINITIONS.openNow}</Definition>
              </span>
            </th>
            <th scope="col" className="num">
              Open
            </th>
            <th scope="col">Last scan</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const team = teams.get(p.teamId);
            const last = p.summary?.lastScan;
            return (
              <tr key={p.id}>
                <th scope="row" className="wrap">
                  <Link to={`/projects/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </th>
                <td className="wrap">
                  {team ? (
                    <Link to={`/teams/${encodeURIComponent(team.id)}`}>{team.name}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <RiskSummary open={p.summary?.open} />
                </td>
                <td className="num">{p.summary ? formatCount(totalOpen(p.summary.open)) : '—'}</td>
                <td>
                  {last ? (
                    <>
                      {formatDateTime(last.ranAt)}
                      <div className="muted">
                        {stageLabel(last.stage)}
                        {last.branch ? ` · ${last.branch}` : ''}
                      </div>
                    </>
                  ) : p.summary ? (
                    <span className="muted">Never scanned</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
