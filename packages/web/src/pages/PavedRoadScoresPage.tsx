import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { PavedRoadNav } from '../paved-road/PavedRoadNav.js';
import { useScores } from '../paved-road/queries.js';
import { ScoreValue } from '../paved-road/Score.js';
import { TeamFilter, useTeamParam } from '../paved-road/TeamFilter.js';
import type { Scores } from '../paved-road/types.js';
import { formatDate, formatPercent } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';

/**
 * Paved-road adherence: the organisation's score, each team's, each project's (with when it
 * was measured), and how many projects pass each check. The team filter is in the URL.
 */
function PavedRoadScoresPage() {
  useTitle('Paved-road scores');
  const [team] = useTeamParam();
  const scores = useScores(team);
  return (
    <>
      <PavedRoadNav />
      <div className="page-head">
        <h1>Paved-road scores</h1>
        <TeamFilter />
      </div>
      <p className="muted">
        A project&apos;s score is the share of applicable checks it passes (0–100), from its latest
        full scan. Teams and the organisation show the mean of their measured projects.
      </p>
      <QueryView query={scores} label="Loading scores…">
        {(s) => <ScoresView scores={s} />}
      </QueryView>
    </>
  );
}

function ScoresView({ scores }: { readonly scores: Scores }) {
  const org = scores.organisation;
  return (
    <>
      <section className="card paved-block" aria-labelledby="paved-org-score">
        <h2 id="paved-org-score">Organisation</h2>
        <div className="stats">
          <div>
            <div className="stat-value">
              <ScoreValue score={org.score} />
            </div>
            <div className="stat-label">score</div>
          </div>
          <div>
            <div className="stat-value">
              {org.measured} / {org.projects}
            </div>
            <div className="stat-label">projects measured</div>
          </div>
        </div>
      </section>
      <section className="card paved-block" aria-labelledby="paved-team-scores">
        <h2 id="paved-team-scores">Teams</h2>
        {scores.teams.length === 0 ? (
          <Empty>No team.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-label="Team scores">
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Score</th>
                  <th scope="col">Measured projects</th>
                </tr>
              </thead>
              <tbody>
                {scores.teams.map((t) => (
                  <tr key={t.teamId}>
                    <td>
                      <Link to={`/teams/${encodeURIComponent(t.teamId)}`}>{t.name}</Link>
                    </td>
                    <td>
                      <ScoreValue score={t.score} />
                    </td>
                    <td>
                      {t.measured} of {t.projects}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card paved-block" aria-labelledby="paved-project-scores">
        <h2 id="paved-project-scores">Projects</h2>
        {scores.projects.length === 0 ? (
          <Empty>No project.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-label="Project scores">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Team</th>
                  <th scope="col">Score</th>
                  <th scope="col">Checks passed / failed</th>
                  <th scope="col">Measured</th>
                </tr>
              </thead>
              <tbody>
                {[...scores.projects]
                  .sort(
                    (a, b) => (a.score ?? 101) - (b.score ?? 101) || a.name.localeCompare(b.name),
                  )
                  .map((p) => (
                    <tr key={p.projectId}>
                      <td>
                        <Link to={`/projects/${encodeURIComponent(p.projectId)}`}>{p.name}</Link>
                      </td>
                      <td>{p.teamName}</td>
                      <td>
                        <ScoreValue score={p.score} />
                      </td>
                      <td>
                        {p.score === null ? (
                          <span className="muted">—</span>
                        ) : (
                          `${p.passed} / ${p.failed}`
                        )}
                      </td>
                      <td className="nowrap">{formatDate(p.measuredAt)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card paved-block" aria-labelledby="paved-check-rates">
        <h2 id="paved-check-rates">Checks</h2>
        {scores.checks.length === 0 ? (
          <Empty>No measured project yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-label="Check pass rates">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Pass rate</th>
                  <th scope="col">Passing</th>
                  <th scope="col">Failing</th>
                  <th scope="col">Applicable</th>
                </tr>
              </thead>
              <tbody>
                {scores.checks.map((c) => {
                  const rate = c.applicable === 0 ? null : c.passing / c.applicable;
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        {c.title} <code className="small">{c.id}</code>
                      </th>
                      <td>
                        <span className="paved-rate">
                          <span className="paved-rate-bar" aria-hidden="true">
                            <span style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
                          </span>
                          {formatPercent(rate)}
                        </span>
                      </td>
                      <td>{c.passing}</td>
                      <td>{c.failing}</td>
                      <td>{c.applicable}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export default PavedRoadScoresPage;
