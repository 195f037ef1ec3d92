import { formatDate } from '../ui/format.js';
import type { MyGamification, Points } from './types.js';

/** Where points come from, as a short sentence. */
export function pointsBreakdown(p: Points): string {
  return `fixes ${p.fixes} · answers ${p.answers} · training ${p.training} · CTF ${p.ctf}`;
}

/** What the window is called. */
export function windowLabel(w: MyGamification['window']): string {
  if (w.kind === 'season' && w.season) return `Season ${w.season.name}`;
  if (w.kind === 'all-time') return 'All time';
  return 'Last 90 days';
}

/** My points in the current season and over all time, my rank, and my badges. */
export function MyPoints({ me }: { readonly me: MyGamification }) {
  const earned = me.badges.filter((b) => b.earned);
  const pending = me.badges.filter((b) => !b.earned);
  return (
    <section className="card stack" aria-labelledby="my-points">
      <h2 id="my-points">Your points</h2>
      <dl className="gamification-points">
        <div>
          <dt>{windowLabel(me.window)}</dt>
          <dd>
            <strong>{me.points.season.total}</strong>
            <span className="muted"> {pointsBreakdown(me.points.season)}</span>
          </dd>
        </div>
        <div>
          <dt>All time</dt>
          <dd>
            <strong>{me.points.allTime.total}</strong>
            <span className="muted"> {pointsBreakdown(me.points.allTime)}</span>
          </dd>
        </div>
        <div>
          <dt>Your rank</dt>
          <dd>
            {me.optOut
              ? 'Not ranked: you opted out of the leaderboards.'
              : me.rank === null
                ? 'Not ranked yet: earn points to appear on the leaderboard.'
                : `${me.rank} of ${me.rankedPeople}`}
          </dd>
        </div>
      </dl>
      <h3>Badges</h3>
      {earned.length === 0 ? <p className="muted">No badges yet.</p> : null}
      <ul className="gamification-badges">
        {earned.map((b) => (
          <li key={b.id} className="gamification-badge earned">
            <strong>{b.name}</strong> <span className="muted">earned {formatDate(b.earnedAt)}</span>
            <br />
            {b.description}
          </li>
        ))}
        {pending.map((b) => (
          <li key={b.id} className="gamification-badge">
            <strong>{b.name}</strong>{' '}
            <span className="muted">
              {b.progress.count} of {b.progress.threshold}
            </span>
            <br />
            {b.description}
          </li>
        ))}
      </ul>
    </section>
  );
}
