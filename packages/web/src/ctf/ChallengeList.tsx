import { Link } from 'react-router';
import { Empty } from '../ui/states.js';
import type { CtfChallenge } from './types.js';

/** The challenges grouped by category (in the hub's order), each linking to its panel. */
export function ChallengeList({
  eventId,
  challenges,
  selectedId,
}: {
  readonly eventId: string;
  readonly challenges: readonly CtfChallenge[];
  readonly selectedId: string | undefined;
}) {
  if (challenges.length === 0) return <Empty>No challenges to show yet.</Empty>;
  const categories = new Map<string, CtfChallenge[]>();
  for (const c of challenges)
    categories.set(c.category, [...(categories.get(c.category) ?? []), c]);
  const titleOf = new Map(challenges.map((c) => [c.slug, c.title]));
  return (
    <div className="ctf-categories">
      {[...categories].map(([category, list]) => (
        <section key={category} className="ctf-category" aria-label={`Category ${category}`}>
          <h3>{category}</h3>
          <ul className="ctf-challenges">
            {list.map((c) => (
              <li
                key={c.id}
                className={`ctf-challenge${c.solvedByMe ? ' ctf-solved' : ''}${c.locked ? ' ctf-locked' : ''}`}
              >
                <Link
                  to={`/ctf/${encodeURIComponent(eventId)}/challenges/${encodeURIComponent(c.id)}`}
                  aria-current={c.id === selectedId ? 'true' : undefined}
                >
                  {c.title}
                </Link>{' '}
                <span className="ctf-value">{c.value} pts</span>{' '}
                <span className="muted">
                  {c.solves} solve{c.solves === 1 ? '' : 's'}
                </span>
                {c.solvedByMe ? (
                  <span className="ctf-check">
                    {' '}
                    <span aria-hidden="true">✓</span> solved
                  </span>
                ) : null}
                {c.published === false ? (
                  <span className="badge ctf-draft">Unpublished</span>
                ) : null}
                {c.locked ? (
                  <p className="muted ctf-requires">
                    <span aria-hidden="true">🔒</span> Locked: solve{' '}
                    {c.prerequisites.map((s) => titleOf.get(s) ?? s).join(', ')} first.
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
