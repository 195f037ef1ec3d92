import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { FormError, FormSuccess, messageOf } from '../account/forms.js';
import { OneTimeSecret } from '../account/OneTimeSecret.js';
import {
  type AdminUser,
  type CreatedUser,
  GLOBAL_ROLES,
  type GlobalRole,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  TEAM_ROLES,
  type TeamRole,
} from '../api/admin-types.js';
import { api } from '../api/client.js';
import { isAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminTeams, useAdminUsers } from './queries.js';

/** A user's state in a word or two. */
export function userState(user: AdminUser): { readonly label: string; readonly tone: string } {
  if (user.disabled) return { label: 'Disabled', tone: 'off' };
  if (user.locked) return { label: 'Locked', tone: 'warn' };
  if (user.mustChangePassword) return { label: 'Must change password', tone: 'warn' };
  return { label: 'Active', tone: 'ok' };
}

interface NewUser {
  readonly username: string;
  readonly displayName?: string;
  readonly globalRole: GlobalRole | null;
  readonly password?: string;
}

function CreateUserForm() {
  const client = useQueryClient();
  const teams = useAdminTeams();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('');
  const [passwordMode, setPasswordMode] = useState<'generate' | 'set'>('generate');
  const [password, setPassword] = useState('');
  const [teamId, setTeamId] = useState('');
  const [teamRole, setTeamRole] = useState<TeamRole>('developer');
  const [created, setCreated] = useState<{
    user: CreatedUser;
    team: string | null;
    teamError: unknown;
  } | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);

  const create = useMutation({
    mutationFn: async (input: { body: NewUser; teamId: string; teamRole: TeamRole }) => {
      const user = await api<CreatedUser>('/api/v1/users', { method: 'POST', body: input.body });
      let team: string | null = null;
      let teamError: unknown = null;
      if (input.teamId !== '') {
        // The user exists now, with a password shown only in this answer: a failure to add
        // them to the team must not lose it, so it is reported beside the success.
        try {
          await api(
            `/api/v1/teams/${encodeURIComponent(input.teamId)}/members/${encodeURIComponent(user.id)}`,
            { method: 'PUT', body: { role: input.teamRole } },
          );
          team = teams.data?.find((t) => t.id === input.teamId)?.name ?? input.teamId;
        } catch (error) {
          teamError = error;
        }
      }
      return { user, team, teamError };
    },
    onSuccess: (result) => {
      setCreated(result);
      if (result.user.password !== undefined) {
        setSecret({ username: result.user.username, password: result.user.password });
      }
      setUsername('');
      setDisplayName('');
      setPassword('');
      void afterOrgChange(client);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    setSecret(null);
    const body: NewUser = {
      username: username.trim(),
      globalRole: role === '' ? null : (role as GlobalRole),
      ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }),
      ...(passwordMode === 'set' ? { password } : {}),
    };
    create.mutate({ body, teamId, teamRole });
  }

  return (
    <section className="card" aria-labelledby="create-user">
      <h2 id="create-user">Create a user</h2>
      {secret ? (
        <OneTimeSecret
          title={`One-time password for ${secret.username}`}
          label="One-time password"
          value={secret.password}
          onDismiss={() => setSecret(null)}
        >
          <p>
            Hand it over privately: they must choose their own password when they first sign in.
          </p>
        </OneTimeSecret>
      ) : null}
      <form className="admin-form" onSubmit={submit}>
        <div className="form-row">
          <label>
            Username
            <input
              required
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              pattern="[a-z0-9][a-z0-9._\-]{0,63}"
              title='1 to 64 of a-z, 0-9, ".", "_" and "-"'
              value={username}
              onChange={(e) => setUsername(e.target.value.toLowerCase())}
            />
          </label>
          <label>
            <span>
              Display name <span className="optional">(optional)</span>
            </span>
            <input
              maxLength={200}
              autoComplete="off"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
          <label>
            Organisation role
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">None (team member only)</option>
              {GLOBAL_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="form-row">
          <label>
            <span>
              Team <span className="optional">(optional)</span>
            </span>
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">No team</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Role in the team
            <select
              value={teamRole}
              disabled={teamId === ''}
              onChange={(e) => setTeamRole(e.target.value as TeamRole)}
            >
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset>
          <legend>First password</legend>
          <label className="choice">
            <input
              type="radio"
              name="password-mode"
              value="generate"
              checked={passwordMode === 'generate'}
              onChange={() => setPasswordMode('generate')}
            />
            Generate a one-time password (shown once)
          </label>
          <label className="choice">
            <input
              type="radio"
              name="password-mode"
              value="set"
              checked={passwordMode === 'set'}
              onChange={() => setPasswordMode('set')}
            />
            Set an initial password
          </label>
          {passwordMode === 'set' ? (
            <label>
              Initial password (at least {MIN_PASSWORD_LENGTH} characters)
              <input
                type="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD_LENGTH}
                maxLength={MAX_PASSWORD_LENGTH}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          ) : null}
          <p className="muted form-hint">
            Either way, they must change it when they first sign in.
          </p>
        </fieldset>
        <FormError error={create.error} />
        {created?.teamError ? (
          <p role="alert" className="state state-error form-message">
            {`${created.user.username} was created, but could not be added to the team (${messageOf(created.teamError)}); add them from the team's page.`}
          </p>
        ) : null}
        <FormSuccess>
          {created
            ? `Created ${created.user.username}${created.team ? ` in ${created.team}` : ''}.`
            : null}
        </FormSuccess>
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** `/admin/users`: every user, and (admin) a form to create one. */
export function UsersAdmin() {
  useTitle('Users · Admin');
  const me = useMe();
  const users = useAdminUsers();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  return (
    <div className="stack">
      <div className="page-head">
        <h2>Users</h2>
      </div>
      {isAdmin(me) ? (
        <CreateUserForm />
      ) : (
        <p className="notice">Only an administrator can create or change users.</p>
      )}
      <section className="card" aria-labelledby="users-list">
        <div className="page-head">
          <h2 id="users-list">All users</h2>
          <label className="inline-label">
            Filter
            <input
              type="search"
              value={filter}
              placeholder="Username or name"
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
        </div>
        <QueryView query={users} label="Loading users…">
          {(list) => {
            const shown = list.filter(
              (u) =>
                needle === '' ||
                u.username.includes(needle) ||
                (u.displayName ?? '').toLowerCase().includes(needle),
            );
            return shown.length === 0 ? (
              <Empty>{list.length === 0 ? 'No users yet.' : 'No user matches the filter.'}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Username</th>
                      <th scope="col">Display name</th>
                      <th scope="col">Organisation role</th>
                      <th scope="col">State</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((u) => {
                      const state = userState(u);
                      return (
                        <tr key={u.id}>
                          <td>
                            <Link to={`/admin/users/${encodeURIComponent(u.id)}`}>
                              {u.username}
                            </Link>
                            {u.id === me.id ? <span className="muted"> (you)</span> : null}
                          </td>
                          <td className="wrap">{u.displayName ?? '—'}</td>
                          <td>{u.globalRole ?? <span className="muted">none</span>}</td>
                          <td>
                            <span className={`badge tone-${state.tone}`}>{state.label}</span>
                          </td>
                          <td>{formatDate(u.createdAt)}</td>
                        </tr>
                      );
                    })}
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
