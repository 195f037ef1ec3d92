import { formatDate, formatPercent } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { useTeamEffectiveness } from './queries.js';
import type { EffectSide } from './types.js';

const rate = (side: EffectSide) => (side.per30Days === null ? '–' : side.per30Days.toFixed(2));
const detail = (side: EffectSide) =>
  `${side.findings} ${side.findings === 1 ? 'finding' : 'findings'} in ${side.days} days`;

/**
 * "Did it work?": per module the team completed (half of its members passed), the rate of
 * new findings of its CWEs per 30 days before and after, with counts, days and a visible
 * small-sample note. A comparison, not proof.
 */
export function TeamEffectiveness({ teamId }: { readonly teamId: string }) {
  const query = useTeamEffectiveness(teamId);
  return (
    <div className="stack training-effect">
      <h3 id="team-training-effect">Before and after training</h3>
      <p className="muted small">
        New findings per 30 days of each module&apos;s CWEs, in equal windows (at most 180 days)
        before and after the day half of the team had passed it. A before/after comparison, not
        proof: other things change too. “Small sample”: fewer than 5 findings or 30 days on a side.
      </p>
      <QueryView query={query} label="Loading the comparison…">
        {(answer) =>
          answer.modules.length === 0 ? (
            <Empty>No member has passed a module yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-labelledby="team-training-effect">
                <thead>
                  <tr>
                    <th scope="col">Module</th>
                    <th scope="col">CWE</th>
                    <th scope="col">Before (per 30 days)</th>
                    <th scope="col">After (per 30 days)</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.modules.flatMap((m) =>
                    m.teamCompletedAt === null
                      ? [
                          <tr key={m.module.id}>
                            <td className="wrap">{m.module.title ?? m.module.id}</td>
                            <td colSpan={4} className="muted">
                              Not yet: {m.passed} of {m.members} passed ({formatPercent(m.share)});
                              half the team is needed.
                            </td>
                          </tr>,
                        ]
                      : m.cwes.map((c, i) => (
                          <tr key={`${m.module.id}-${c.cwe}`}>
                            <td className="wrap">
                              {i === 0 ? (
                                <>
                                  {m.module.title ?? m.module.id}{' '}
                                  <span className="muted small">
                                    completed {formatDate(m.teamCompletedAt)}
                                  </span>
                                </>
                              ) : null}
                            </td>
                            <td className="mono">{c.cwe}</td>
                            <td>
                              {rate(c.before)}{' '}
                              <span className="muted small">{detail(c.before)}</span>
                            </td>
                            <td>
                              {rate(c.after)} <span className="muted small">{detail(c.after)}</span>
                            </td>
                            <td>
                              {c.lowSample ? <span className="badge">small sample</span> : null}
                            </td>
                          </tr>
                        )),
                  )}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}
