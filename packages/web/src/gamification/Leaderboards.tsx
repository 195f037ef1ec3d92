import { Empty } from '../ui/states.js';
import { pointsBreakdown } from './MyPoints.js';
import type { PeopleBoard, TeamEntry } from './types.js';

/** The people board: rank, name, points (ties share a rank). */
export function PeopleTable({
  board,
  meId,
}: {
  readonly board: PeopleBoard;
  readonly meId: string;
}) {
  if (board.entries.length === 0) return <Empty>Nobody has points in this window yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">
          {board.total} {board.total === 1 ? 'person' : 'people'} with points
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Person</th>
            <th scope="col">Points</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {board.entries.map((e) => (
            <tr key={e.userId} className={e.userId === meId ? 'gamification-me' : undefined}>
              <td>{e.rank}</td>
              <td>
                {e.displayName} <span className="muted">@{e.username}</span>
                {e.userId === meId ? <span className="tag">you</span> : null}
              </td>
              <td>{e.points.total}</td>
              <td className="muted">{pointsBreakdown(e.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The team board, ranked by points per enabled member. */
export function TeamTable({ teams }: { readonly teams: readonly TeamEntry[] }) {
  if (teams.length === 0) return <Empty>No teams yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Team</th>
            <th scope="col">Points per member</th>
            <th scope="col">Points</th>
            <th scope="col">Members</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.teamId}>
              <td>{t.rank}</td>
              <td>{t.name}</td>
              <td>{t.pointsPerMember}</td>
              <td>
                {t.points}{' '}
                <span className="muted">
                  (fixes {t.breakdown.fixes} · answers {t.breakdown.answers} · training{' '}
                  {t.breakdown.training} · CTF {t.breakdown.ctf})
                </span>
              </td>
              <td>{t.members}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
