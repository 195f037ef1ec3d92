import type { Me } from '../api/types.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { useScoreboard } from './queries.js';
import type { ScoreboardEntry } from './types.js';

function isMine(entry: ScoreboardEntry, me: Me): boolean {
  return entry.participant.kind === 'user'
    ? entry.participant.id === me.id
    : me.teams.some((t) => t.id === entry.participant.id);
}

/** The event's scoreboard, refreshed every 10 s; my line (or my team's) stands out. */
export function ScoreboardTable({ eventId, me }: { readonly eventId: string; readonly me: Me }) {
  const board = useScoreboard(eventId);
  return (
    <section className="card ctf-scoreboard" aria-labelledby="ctf-scoreboard">
      <h2 id="ctf-scoreboard">Scoreboard</h2>
      <QueryView query={board} label="Loading the scoreboard…">
        {(b) => (
          <>
            {b.frozen ? (
              <p className="ctf-frozen-note" role="note">
                Frozen at {formatDateTime(b.freezeAt)}: solves after it are hidden, except your own.
              </p>
            ) : null}
            {b.entries.length === 0 ? (
              <Empty>No scores yet.</Empty>
            ) : (
              <table aria-label="Scoreboard">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{b.mode === 'team' ? 'Team' : 'Player'}</th>
                    <th scope="col" className="num">
                      Score
                    </th>
                    <th scope="col" className="num">
                      Solves
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {b.entries.map((e) => {
                    const mine = isMine(e, me);
                    return (
                      <tr
                        key={e.participant.id}
                        className={mine ? 'ctf-me' : undefined}
                        aria-current={mine ? 'true' : undefined}
                      >
                        <td>{e.rank}</td>
                        <td>
                          {e.participant.name}
                          {mine ? (
                            <span className="muted">
                              {e.participant.kind === 'team' ? ' (your team)' : ' (you)'}
                            </span>
                          ) : null}
                          {e.firstBloods > 0 ? (
                            <span
                              className="ctf-blood"
                              title={`${e.firstBloods} first blood${e.firstBloods === 1 ? '' : 's'}`}
                            >
                              {' '}
                              🩸{e.firstBloods > 1 ? `×${e.firstBloods}` : ''}
                            </span>
                          ) : null}
                        </td>
                        <td className="num">{e.score}</td>
                        <td className="num">{e.solves}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            <p className="muted form-hint">
              Updated {formatDateTime(b.generatedAt)}; refreshes every 10 seconds.
            </p>
          </>
        )}
      </QueryView>
    </section>
  );
}
