import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { PavedRoadNav } from '../paved-road/PavedRoadNav.js';
import { useGaps } from '../paved-road/queries.js';
import { FixView } from '../paved-road/Score.js';
import { TeamFilter, useTeamParam } from '../paved-road/TeamFilter.js';
import type { Gap } from '../paved-road/types.js';
import { Empty, QueryView } from '../ui/states.js';

/** How many failing projects a gap lists before "and N more". */
const SHOWN = 20;

/**
 * The biggest gaps: the checks most projects fail, each with its fix (the templates that
 * provide it, the approved image or replacement library, the docs) and the projects to fix.
 */
function PavedRoadGapsPage() {
  useTitle('Paved-road gaps');
  const [team] = useTeamParam();
  const gaps = useGaps(team);
  return (
    <>
      <PavedRoadNav />
      <div className="page-head">
        <h1>Biggest gaps</h1>
        <TeamFilter />
      </div>
      <p className="muted">
        The checks the most projects fail, first. Fixing one of these moves the most scores.
      </p>
      <QueryView query={gaps} label="Loading gaps…">
        {(g) =>
          g.gaps.length === 0 ? (
            <Empty>No measured project fails a check. Every project is on the road.</Empty>
          ) : (
            <ol className="paved-gaps">
              {g.gaps.map((gap) => (
                <GapItem key={gap.check} gap={gap} />
              ))}
            </ol>
          )
        }
      </QueryView>
    </>
  );
}

function GapItem({ gap }: { readonly gap: Gap }) {
  const id = `gap-${gap.check.replace(/[^a-z0-9-]/gi, '-')}`;
  return (
    <li className="card paved-gap">
      <section aria-labelledby={id}>
        <h2 id={id}>
          {gap.title} <code className="small">{gap.check}</code>
        </h2>
        <p>
          <strong>
            {gap.failing} project{gap.failing === 1 ? '' : 's'}
          </strong>{' '}
          fail{gap.failing === 1 ? 's' : ''} this check.
        </p>
        <h3>Fix</h3>
        <FixView fix={gap.fix} remedies={gap.remedies} />
        <h3>Failing projects</h3>
        <ul className="plain-list paved-gap-projects">
          {gap.projects.slice(0, SHOWN).map((p) => (
            <li key={p.projectId}>
              <Link to={`/projects/${encodeURIComponent(p.projectId)}`}>{p.name}</Link>{' '}
              <span className="muted">({p.teamName})</span>
            </li>
          ))}
          {gap.projects.length > SHOWN ? (
            <li className="muted">and {gap.projects.length - SHOWN} more</li>
          ) : null}
        </ul>
      </section>
    </li>
  );
}

export default PavedRoadGapsPage;
