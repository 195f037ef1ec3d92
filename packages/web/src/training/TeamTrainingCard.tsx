import { Link } from 'react-router';
import { Empty, QueryView } from '../ui/states.js';
import { useTeamTraining } from './queries.js';
import { TeamEffectiveness } from './TeamEffectiveness.js';

/**
 * The team page's card: its top 5 recommended modules and how many members passed each, and
 * the before/after comparison of the modules the team completed.
 */
export function TeamTrainingCard({ teamId }: { readonly teamId: string }) {
  const query = useTeamTraining(teamId);
  return (
    <section className="card stack training-team" aria-labelledby="team-training">
      <h2 id="team-training">Recommended training</h2>
      <QueryView query={query} label="Loading recommendations…">
        {(answer) =>
          answer.recommendations.length === 0 ? (
            <Empty>The team&apos;s findings of the last 90 days call for no module.</Empty>
          ) : (
            <ol className="training-team-list">
              {answer.recommendations.slice(0, 5).map((r) => (
                <li key={r.module.id}>
                  <Link to={`/training/${encodeURIComponent(r.module.id)}`}>{r.module.title}</Link>{' '}
                  <span className="muted small">
                    {r.completedBy} / {r.members} {r.members === 1 ? 'member' : 'members'} passed ·{' '}
                    {r.causes.map((c) => c.cwe).join(', ')}
                  </span>
                </li>
              ))}
            </ol>
          )
        }
      </QueryView>
      <TeamEffectiveness teamId={teamId} />
      <p className="small">
        <Link to="/training">All training</Link>
      </p>
    </section>
  );
}
