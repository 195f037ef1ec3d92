import { useId, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import type { Team } from '../api/types.js';
import { ProjectTable } from '../projects/ProjectTable.js';
import { useProjects } from '../projects/project-queries.js';
import {
  PROJECT_SORTS,
  type ProjectSort,
  parseProjectSort,
  sortProjects,
} from '../projects/sort-projects.js';
import { useTeams } from '../teams/team-queries.js';
import { Empty, QueryView } from '../ui/states.js';

/** Projects: each with its open findings by severity and last scan; by team, by risk. */
function ProjectsPage() {
  useTitle('Projects');
  const [params, setParams] = useSearchParams();
  const teamId = params.get('team') ?? '';
  const sort = parseProjectSort(params.get('sort'));
  const text = params.get('q') ?? '';
  const teams = useTeams();
  const projects = useProjects(teamId || undefined);
  const teamsById = useMemo(
    () => new Map<string, Team>((teams.data ?? []).map((t) => [t.id, t])),
    [teams.data],
  );
  const ids = { team: useId(), sort: useId(), text: useId() };

  /** Sets one URL parameter (empty or default removes it), keeping the others. */
  const setParam = (key: string, value: string, fallback = '') =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === '' || value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <div className="page-head">
        <h1>Projects</h1>
      </div>
      <search className="toolbar projects-toolbar" aria-label="Filter projects">
        <label htmlFor={ids.team}>
          Team
          <select
            id={ids.team}
            value={teamId}
            onChange={(e) => setParam('team', e.target.value)}
            disabled={teams.isPending}
          >
            <option value="">All teams</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
            {teamId !== '' && teams.data && !teamsById.has(teamId) ? (
              <option value={teamId}>Unknown team</option>
            ) : null}
          </select>
        </label>
        <label htmlFor={ids.sort}>
          Sort by
          <select
            id={ids.sort}
            value={sort}
            onChange={(e) => setParam('sort', parseProjectSort(e.target.value), 'risk')}
          >
            {(Object.keys(PROJECT_SORTS) as ProjectSort[]).map((key) => (
              <option key={key} value={key}>
                {PROJECT_SORTS[key]}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.text}>
          Name contains
          <input
            id={ids.text}
            type="search"
            value={text}
            maxLength={200}
            onChange={(e) => setParam('q', e.target.value)}
          />
        </label>
      </search>
      <QueryView query={projects} label="Loading projects…">
        {(list) => {
          if (list.length === 0) {
            return (
              <Empty>
                {teamId
                  ? 'This team has no projects you can see.'
                  : 'No projects yet. An admin, security or a team champion creates them.'}
              </Empty>
            );
          }
          const shown = sortProjects(list, sort, text);
          if (shown.length === 0) return <Empty>No project name contains “{text}”.</Empty>;
          return (
            <>
              <p className="muted" aria-live="polite">
                {shown.length === list.length
                  ? `${list.length} ${list.length === 1 ? 'project' : 'projects'}`
                  : `${shown.length} of ${list.length} projects`}
              </p>
              <ProjectTable projects={shown} teams={teamsById} />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

export default ProjectsPage;
