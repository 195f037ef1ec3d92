import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError, FormSuccess } from '../account/forms.js';
import {
  type AdminTeam,
  type AdminTeamDetail,
  TEAM_ROLES,
  type TeamMember,
  type TeamRole,
} from '../api/admin-types.js';
import { api } from '../api/client.js';
import { isAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { DangerZone } from './DangerZone.js';
import {
  afterOrgChange,
  useAdminProjects,
  useAdminTeam,
  useAdminUsers,
  userLabel,
} from './queries.js';
import { SLUG_PATTERN } from './TeamsAdmin.js';

const memberPath = (teamId: string, userId: string) =>
  `/api/v1/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`;

function RenameTeam({ team }: { readonly team: AdminTeamDetail }) {
  const client = useQueryClient();
  const [name, setName] = useState(team.name);
  const [slug, setSlug] = useState(team.slug);
  const [saved, setSaved] = useState(false);
  const rename = useMutation({
    mutationFn: (body: { name?: string; slug?: string }) =>
      api<AdminTeam>(`/api/v1/teams/${encodeURIComponent(team.id)}`, { method: 'PATCH', body }),
    onSuccess: () => {
      setSaved(true);
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: { name?: string; slug?: string } = {};
    if (name.trim() !== team.name) body.name = name.trim();
    if (slug.trim() !== team.slug) body.slug = slug.trim();
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    rename.mutate(body);
  }
  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="rename-team">
      <h3 id="rename-team">Name</h3>
      <div className="form-row">
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Slug
          <input
            required
            maxLength={63}
            pattern={SLUG_PATTERN}
            title='1 to 63 of a-z, 0-9 and "-", starting with a letter or digit'
            spellCheck={false}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
        </label>
        <button type="submit" disabled={rename.isPending}>
          {rename.isPending ? 'Saving…' : 'Rename'}
        </button>
      </div>
      <FormError error={rename.error} />
      <FormSuccess>{saved ? 'Saved.' : null}</FormSuccess>
    </form>
  );
}

function AddMember({ team }: { readonly team: AdminTeamDetail }) {
  const client = useQueryClient();
  const users = useAdminUsers();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('developer');
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (input: { userId: string; role: TeamRole }) =>
      api(memberPath(team.id, input.userId), { method: 'PUT', body: { role: input.role } }),
    onSuccess: (_, input) => {
      const user = users.data?.find((u) => u.id === input.userId);
      setAdded(`Added ${user ? user.username : 'the user'} as ${input.role}.`);
      setUserId('');
      void afterOrgChange(client);
    },
  });
  const members = new Set(team.members.map((m) => m.userId));
  const candidates = (users.data ?? []).filter((u) => !members.has(u.id) && !u.disabled);
  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    if (userId !== '') add.mutate({ userId, role });
  }
  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="add-member">
      <h3 id="add-member">Add a member</h3>
      <div className="form-row">
        <label>
          User
          <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">
              {users.isPending
                ? 'Loading users…'
                : candidates.length === 0
                  ? 'Every user is a member already'
                  : 'Choose a user'}
            </option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {userLabel(u)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {TEAM_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={add.isPending || userId === ''}>
          {add.isPending ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <FormError error={add.error ?? users.error} />
      <FormSuccess>{added}</FormSuccess>
      <p className="muted form-hint">
        A champion triages the team's findings (false positive, accepted risk), manages its projects
        and their CI tokens; a developer reads, comments and reopens.
      </p>
    </form>
  );
}

function Members({ team, manage }: { readonly team: AdminTeamDetail; readonly manage: boolean }) {
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const setRole = useMutation({
    mutationFn: (input: { member: TeamMember; role: TeamRole }) =>
      api(memberPath(team.id, input.member.userId), {
        method: 'PUT',
        body: { role: input.role },
      }),
    onSuccess: (_, input) => {
      setDone(`${input.member.username} is now ${input.role}.`);
      void afterOrgChange(client);
    },
  });
  const remove = useMutation({
    mutationFn: (member: TeamMember) =>
      api<void>(memberPath(team.id, member.userId), { method: 'DELETE' }),
    onSuccess: (_, member) => {
      setDone(`Removed ${member.username} from ${team.name}.`);
      void afterOrgChange(client);
    },
  });
  const busy = setRole.isPending || remove.isPending;
  return (
    <section className="stack" aria-labelledby="team-members">
      <h3 id="team-members">Members</h3>
      <FormError error={setRole.error ?? remove.error} />
      <FormSuccess>{done}</FormSuccess>
      {team.members.length === 0 ? (
        <Empty>No members yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                {manage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {team.members.map((m) => {
                const other: TeamRole = m.role === 'champion' ? 'developer' : 'champion';
                return (
                  <tr key={m.userId}>
                    <td className="wrap">
                      <Link to={`/admin/users/${encodeURIComponent(m.userId)}`}>{m.username}</Link>
                      {m.displayName && m.displayName !== m.username ? (
                        <span className="muted"> {m.displayName}</span>
                      ) : null}
                    </td>
                    <td>
                      <span className={`badge role-${m.role}`}>{m.role}</span>
                    </td>
                    {manage ? (
                      <td className="row-actions">
                        <button
                          type="button"
                          className="button-secondary"
                          disabled={busy}
                          onClick={() => setRole.mutate({ member: m, role: other })}
                        >
                          {other === 'champion' ? 'Make champion' : 'Make developer'}
                          <span className="visually-hidden"> ({m.username})</span>
                        </button>
                        <button
                          type="button"
                          className="button-danger"
                          disabled={busy}
                          onClick={() => {
                            if (confirmAction(`Remove ${m.username} from ${team.name}?`)) {
                              remove.mutate(m);
                            }
                          }}
                        >
                          Remove<span className="visually-hidden"> {m.username}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TeamProjects({ teamId }: { readonly teamId: string }) {
  const projects = useAdminProjects();
  return (
    <section className="card" aria-labelledby="team-projects">
      <h3 id="team-projects">Projects</h3>
      <QueryView query={projects} label="Loading projects…">
        {(list) => {
          const mine = list.filter((p) => p.teamId === teamId);
          return mine.length === 0 ? (
            <Empty>
              No projects. <Link to="/admin/projects">Create one</Link>.
            </Empty>
          ) : (
            <ul className="plain-list">
              {mine.map((p) => (
                <li key={p.id}>
                  <Link to={`/admin/projects/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryView>
    </section>
  );
}

function DeleteTeam({ team }: { readonly team: AdminTeamDetail }) {
  return (
    <DangerZone
      title="Delete the team"
      explanation="Only a team without projects can be deleted: move or delete them first."
      confirmation={`Delete the team ${team.name}? Its memberships, its SLA policies and the webhooks limited to it are deleted with it.`}
      button="Delete team"
      path={`/api/v1/teams/${encodeURIComponent(team.id)}`}
      back="/admin/teams"
    />
  );
}

/** `/admin/teams/:teamId`: a team, its members and champions, its projects. */
export function TeamDetail() {
  const { teamId = '' } = useParams();
  const me = useMe();
  const team = useAdminTeam(teamId);
  useTitle(`${team.data?.name ?? 'Team'} · Admin`);
  const manage = isAdmin(me);
  return (
    <div className="stack">
      <p>
        <Link to="/admin/teams">← All teams</Link>
      </p>
      <QueryView query={team} label="Loading the team…">
        {(t) => {
          const champions = t.members.filter((m) => m.role === 'champion');
          return (
            <>
              <div className="page-head">
                <h2>{t.name}</h2>
                <Link to={`/teams/${encodeURIComponent(t.id)}`}>The team's metrics</Link>
              </div>
              <dl className="facts">
                <dt>Slug</dt>
                <dd className="mono">{t.slug}</dd>
                <dt>Champions</dt>
                <dd>
                  {champions.length === 0 ? (
                    <span className="muted">none yet</span>
                  ) : (
                    champions.map((c) => c.username).join(', ')
                  )}
                </dd>
                <dt>Created</dt>
                <dd>{formatDateTime(t.createdAt)}</dd>
              </dl>
              <div className="grid">
                <section className="card stack">
                  <Members team={t} manage={manage} />
                  {manage ? <AddMember team={t} /> : null}
                </section>
                <div className="stack">
                  {manage ? (
                    <section className="card">
                      <RenameTeam key={t.id} team={t} />
                    </section>
                  ) : null}
                  <TeamProjects teamId={t.id} />
                  {manage ? <DeleteTeam team={t} /> : null}
                </div>
              </div>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
