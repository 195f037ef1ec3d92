import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError, FormSuccess } from '../account/forms.js';
import { TokenManager } from '../account/TokenManager.js';
import type { AdminProject, AdminTeam } from '../api/admin-types.js';
import { api } from '../api/client.js';
import { isAdmin, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';
import { DangerZone } from './DangerZone.js';
import { type ProjectDraft, ProjectFields } from './ProjectsAdmin.js';
import { adminKeys, afterOrgChange, useAdminProject, useAdminTeams } from './queries.js';

const draftOf = (p: AdminProject): ProjectDraft => ({
  name: p.name,
  teamId: p.teamId,
  repository: p.repository ?? '',
  defaultBranch: p.defaultBranch,
});

function EditProject({
  project,
  teams,
}: {
  readonly project: AdminProject;
  readonly teams: readonly AdminTeam[];
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<ProjectDraft>(() => draftOf(project));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, string | null>) =>
      api<AdminProject>(`/api/v1/projects/${encodeURIComponent(project.id)}`, {
        method: 'PATCH',
        body,
      }),
    onSuccess: () => {
      setSaved(true);
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: Record<string, string | null> = {};
    const name = draft.name.trim();
    const repository = draft.repository.trim();
    const branch = draft.defaultBranch.trim();
    if (name !== project.name) body.name = name;
    if (draft.teamId !== project.teamId) {
      const target = teams.find((t) => t.id === draft.teamId)?.name ?? 'the other team';
      if (
        !confirmAction(
          `Move ${project.name} to ${target}? Its findings and metrics count for that team from now on.`,
        )
      ) {
        return;
      }
      body.teamId = draft.teamId;
    }
    if (repository !== (project.repository ?? '')) {
      body.repository = repository === '' ? null : repository;
    }
    if (branch !== project.defaultBranch) body.defaultBranch = branch;
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(body);
  }
  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="edit-project">
      <h3 id="edit-project">Settings</h3>
      <ProjectFields teams={teams} value={draft} onChange={setDraft} />
      <FormError error={save.error} />
      <FormSuccess>{saved ? 'Saved.' : null}</FormSuccess>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function DeleteProject({ project }: { readonly project: AdminProject }) {
  return (
    <DangerZone
      title="Delete the project"
      explanation="Deletes the project with its whole finding history, scans and CI tokens. This cannot be undone."
      confirmation={`Delete ${project.name} and its whole finding history for good? This cannot be undone.`}
      button="Delete project"
      path={`/api/v1/projects/${encodeURIComponent(project.id)}`}
      back="/admin/projects"
    />
  );
}

/** `/admin/projects/:projectId`: a project's settings and its CI tokens. */
export function ProjectDetail() {
  const { projectId = '' } = useParams();
  const me = useMe();
  const project = useAdminProject(projectId);
  const teams = useAdminTeams();
  useTitle(`${project.data?.name ?? 'Project'} · Admin`);
  return (
    <div className="stack">
      <p>
        <Link to="/admin/projects">← All projects</Link>
      </p>
      <QueryView query={project} label="Loading the project…">
        {(p) => (
          <>
            <div className="page-head">
              <h2>{p.name}</h2>
              <Link to={`/projects/${encodeURIComponent(p.id)}`}>Scans and findings</Link>
            </div>
            <dl className="facts">
              <dt>Project id</dt>
              <dd className="mono">{p.id}</dd>
              <dt>Team</dt>
              <dd>
                <Link to={`/admin/teams/${encodeURIComponent(p.teamId)}`}>
                  {teams.data?.find((t) => t.id === p.teamId)?.name ?? p.teamId}
                </Link>
              </dd>
              <dt>Created</dt>
              <dd>{formatDateTime(p.createdAt)}</dd>
            </dl>
            <section className="card" aria-labelledby="ci-tokens">
              <h3 id="ci-tokens">CI tokens</h3>
              <p className="muted">
                A CI token may only upload scans to this project and read its triage decisions.
                Store it as a secret of the pipeline, one token per pipeline.
              </p>
              <TokenManager
                path={`/api/v1/projects/${encodeURIComponent(p.id)}/tokens`}
                queryKey={adminKeys.projectTokens(p.id)}
                noun="CI token"
                canManage={isSecurityOrAdmin(me)}
                placeholder="e.g. GitHub Actions, main branch"
                usage={
                  <p className="muted">
                    In the pipeline:{' '}
                    <code>
                      RAMPART_TOKEN=… rampart scan --server {window.location.origin} --project{' '}
                      {p.id} --upload
                    </code>
                  </p>
                }
              />
            </section>
            <div className="grid">
              <section className="card">
                <QueryView query={teams} label="Loading teams…">
                  {(list) => <EditProject key={p.id} project={p} teams={list} />}
                </QueryView>
              </section>
              {isAdmin(me) ? <DeleteProject project={p} /> : null}
            </div>
          </>
        )}
      </QueryView>
    </div>
  );
}
