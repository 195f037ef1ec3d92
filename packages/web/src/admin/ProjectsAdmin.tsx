import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { FormError, FormSuccess } from '../account/forms.js';
import type { AdminProject, AdminTeam } from '../api/admin-types.js';
import { api } from '../api/client.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminProjects, useAdminTeams } from './queries.js';

/** The fields of a project's form, shared by create and edit. */
export function ProjectFields({
  teams,
  value,
  onChange,
}: {
  readonly teams: readonly AdminTeam[];
  readonly value: ProjectDraft;
  readonly onChange: (next: ProjectDraft) => void;
}) {
  return (
    <>
      <div className="form-row">
        <label>
          Name
          <input
            required
            maxLength={200}
            value={value.name}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
        </label>
        <label>
          Team
          <select
            required
            value={value.teamId}
            onChange={(e) => onChange({ ...value, teamId: e.target.value })}
          >
            <option value="">Choose a team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label className="grow">
          <span>
            Repository <span className="optional">(optional)</span>
          </span>
          <input
            maxLength={500}
            spellCheck={false}
            placeholder="https://git.example.com/org/repo"
            value={value.repository}
            onChange={(e) => onChange({ ...value, repository: e.target.value })}
          />
        </label>
        <label>
          Default branch
          <input
            required
            maxLength={255}
            spellCheck={false}
            value={value.defaultBranch}
            onChange={(e) => onChange({ ...value, defaultBranch: e.target.value })}
          />
        </label>
      </div>
    </>
  );
}

/** What a project form holds. */
export interface ProjectDraft {
  readonly name: string;
  readonly teamId: string;
  readonly repository: string;
  readonly defaultBranch: string;
}

function CreateProjectForm({ teams }: { readonly teams: readonly AdminTeam[] }) {
  const client = useQueryClient();
  const empty: ProjectDraft = { name: '', teamId: '', repository: '', defaultBranch: 'main' };
  const [draft, setDraft] = useState<ProjectDraft>(empty);
  const [created, setCreated] = useState<AdminProject | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, string>) =>
      api<AdminProject>('/api/v1/projects', { method: 'POST', body }),
    onSuccess: (project) => {
      setCreated(project);
      setDraft({ ...empty, teamId: draft.teamId });
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const repository = draft.repository.trim();
    create.mutate({
      name: draft.name.trim(),
      teamId: draft.teamId,
      defaultBranch: draft.defaultBranch.trim(),
      ...(repository === '' ? {} : { repository }),
    });
  }
  return (
    <section className="card" aria-labelledby="create-project">
      <h2 id="create-project">Create a project</h2>
      {teams.length === 0 ? (
        <p className="notice">
          Create a <Link to="/admin/teams">team</Link> first: every project belongs to one.
        </p>
      ) : null}
      <form className="admin-form" onSubmit={submit}>
        <ProjectFields teams={teams} value={draft} onChange={setDraft} />
        <FormError error={create.error} />
        <FormSuccess>
          {created ? (
            <>
              Created{' '}
              <Link to={`/admin/projects/${encodeURIComponent(created.id)}`}>{created.name}</Link>:
              create a CI token there to upload its scans.
            </>
          ) : null}
        </FormSuccess>
        <div className="form-actions">
          <button type="submit" disabled={create.isPending || teams.length === 0}>
            {create.isPending ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** `/admin/projects[?team=]`: the projects, a form to create one; CI tokens on each. */
export function ProjectsAdmin() {
  useTitle('Projects · Admin');
  const teams = useAdminTeams();
  const projects = useAdminProjects();
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? '';
  const teamName = (id: string) => teams.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <div className="stack">
      <div className="page-head">
        <h2>Projects</h2>
      </div>
      <QueryView query={teams} label="Loading teams…">
        {(list) => <CreateProjectForm teams={list} />}
      </QueryView>
      <section className="card" aria-labelledby="projects-list">
        <div className="page-head">
          <h2 id="projects-list">All projects</h2>
          <label className="inline-label">
            Team
            <select
              value={team}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                if (e.target.value === '') next.delete('team');
                else next.set('team', e.target.value);
                setParams(next, { replace: true });
              }}
            >
              <option value="">Every team</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryView query={projects} label="Loading projects…">
          {(list) => {
            const shown = team === '' ? list : list.filter((p) => p.teamId === team);
            return shown.length === 0 ? (
              <Empty>{list.length === 0 ? 'No projects yet.' : 'No project in this team.'}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Team</th>
                      <th scope="col">Repository</th>
                      <th scope="col">Default branch</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((p) => (
                      <tr key={p.id}>
                        <td className="wrap">
                          <Link to={`/admin/projects/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                        </td>
                        <td>{teamName(p.teamId)}</td>
                        <td className="wrap mono">{p.repository ?? '—'}</td>
                        <td className="mono">{p.defaultBranch}</td>
                        <td>{formatDate(p.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}
