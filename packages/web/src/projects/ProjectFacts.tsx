import { Link } from 'react-router';
import type { Project } from '../api/org-types.js';
import { useTeam } from '../teams/team-queries.js';
import { formatDate } from '../ui/format.js';
import { SafeLink } from '../ui/SafeLink.js';

/** A project's repository, default branch, team and creation date. */
export function ProjectFacts({ project }: { readonly project: Project }) {
  const team = useTeam(project.teamId);
  return (
    <dl className="facts">
      <dt>Repository</dt>
      <dd>
        {project.repository === null ? (
          <span className="muted">Not set</span>
        ) : (
          // Typed by a person: a link only when it is an http(s) URL, else plain text.
          <SafeLink href={project.repository} />
        )}
      </dd>
      <dt>Default branch</dt>
      <dd className="mono">{project.defaultBranch}</dd>
      <dt>Team</dt>
      <dd>
        <Link to={`/teams/${encodeURIComponent(project.teamId)}`}>
          {team.data?.name ?? (team.isPending ? 'Loading…' : 'Its team')}
        </Link>
      </dd>
      <dt>Created</dt>
      <dd>{formatDate(project.createdAt)}</dd>
    </dl>
  );
}
