import { Link } from 'react-router';
import { formatDate } from '../ui/format.js';
import type { Assignment } from './types.js';

/**
 * "Assigned to you": the caller's open assignments (the earliest due first), overdue ones
 * marked. Nothing is shown when there is none.
 */
export function AssignedList({ assignments }: { readonly assignments: readonly Assignment[] }) {
  const open = assignments.filter((a) => a.completedAt === null);
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="training-assigned" className="stack">
      <h2 id="training-assigned">Assigned to you</h2>
      <p className="muted small">
        A training rule assigned these modules because of a finding in your team (the hub does not
        know who wrote the code, so everyone in the team is assigned). Pass the quiz to complete
        one.
      </p>
      <ul className="training-assigned">
        {open.map((a) => (
          <li key={a.id}>
            <Link to={`/training/${encodeURIComponent(a.moduleId)}`}>{a.title ?? a.moduleId}</Link>{' '}
            <span className={a.overdue ? 'badge severity-critical' : 'muted small'}>
              {a.overdue ? `overdue since ${formatDate(a.dueAt)}` : `due ${formatDate(a.dueAt)}`}
            </span>
            {a.teamName || a.ruleName ? (
              <span className="muted small">
                {' '}
                · {[a.teamName, a.ruleName].filter(Boolean).join(' · ')}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
