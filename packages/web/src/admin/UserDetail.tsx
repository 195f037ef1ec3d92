import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError, FormSuccess, generatePassword } from '../account/forms.js';
import { OneTimeSecret } from '../account/OneTimeSecret.js';
import {
  type AdminUser,
  type AdminUserDetail,
  GLOBAL_ROLES,
  type GlobalRole,
} from '../api/admin-types.js';
import { api } from '../api/client.js';
import { isAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminTeams, useAdminUser } from './queries.js';
import { userState } from './UsersAdmin.js';

interface UserPatch {
  displayName?: string;
  globalRole?: GlobalRole | null;
  disabled?: boolean;
  password?: string;
  unlock?: true;
}

function usePatchUser(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: UserPatch) =>
      api<AdminUser>(`/api/v1/users/${encodeURIComponent(userId)}`, {
        method: 'PATCH',
        body: patch,
      }),
    onSuccess: () => afterOrgChange(client),
  });
}

function EditUser({ user, self }: { readonly user: AdminUserDetail; readonly self: boolean }) {
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [role, setRole] = useState(user.globalRole ?? '');
  const [saved, setSaved] = useState(false);
  const patch = usePatchUser(user.id);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: UserPatch = {};
    const name = displayName.trim();
    if (name !== '' && name !== (user.displayName ?? '')) body.displayName = name;
    const nextRole = role === '' ? null : (role as GlobalRole);
    if (nextRole !== user.globalRole) {
      if (
        self &&
        user.globalRole === 'admin' &&
        !confirmAction('You are removing your own admin role: you will lose access to this page.')
      ) {
        return;
      }
      body.globalRole = nextRole;
    }
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    patch.mutate(body, { onSuccess: () => setSaved(true) });
  }

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="edit-user">
      <h3 id="edit-user">Profile and role</h3>
      <div className="form-row">
        <label>
          Display name
          <input
            maxLength={200}
            value={displayName}
            onChange={(e) => {
              setDisplayName(e.target.value);
              setSaved(false);
            }}
          />
        </label>
        <label>
          Organisation role
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
              setSaved(false);
            }}
          >
            <option value="">None (team member only)</option>
            {GLOBAL_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={patch.isPending}>
          {patch.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      <FormError error={patch.error} />
      <FormSuccess>{saved ? 'Saved.' : null}</FormSuccess>
    </form>
  );
}

function AccountActions({
  user,
  self,
}: {
  readonly user: AdminUserDetail;
  readonly self: boolean;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const patch = usePatchUser(user.id);
  const [done, setDone] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: () =>
      api<void>(`/api/v1/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await afterOrgChange(client);
      navigate('/admin/users', { replace: true });
    },
  });

  function run(body: UserPatch, message: string, password?: string) {
    setDone(null);
    setSecret(null);
    patch.mutate(body, {
      onSuccess: () => {
        setDone(message);
        if (password !== undefined) setSecret(password);
      },
    });
  }

  return (
    <div className="stack">
      <h3>Account</h3>
      {secret ? (
        <OneTimeSecret
          title={`New one-time password for ${user.username}`}
          label="One-time password"
          value={secret}
          onDismiss={() => setSecret(null)}
        >
          <p>Hand it over privately: they must choose their own password when they next sign in.</p>
        </OneTimeSecret>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button-secondary"
          disabled={patch.isPending}
          onClick={() => {
            if (
              confirmAction(
                `Reset the password of ${user.username}? Their sessions end now, and a new one-time password is shown once.`,
              )
            ) {
              const password = generatePassword();
              run({ password }, `The password of ${user.username} was reset.`, password);
            }
          }}
        >
          Reset password
        </button>
        {user.locked ? (
          <button
            type="button"
            className="button-secondary"
            disabled={patch.isPending}
            onClick={() => run({ unlock: true }, `${user.username} is unlocked.`)}
          >
            Unlock
          </button>
        ) : null}
        {user.disabled ? (
          <button
            type="button"
            className="button-secondary"
            disabled={patch.isPending}
            onClick={() => run({ disabled: false }, `${user.username} is enabled.`)}
          >
            Enable
          </button>
        ) : (
          <button
            type="button"
            className="button-danger"
            disabled={patch.isPending || self}
            title={self ? 'You cannot disable yourself' : undefined}
            onClick={() => {
              if (
                confirmAction(
                  `Disable ${user.username}? They are signed out now and cannot sign in; their personal tokens stop working.`,
                )
              ) {
                run({ disabled: true }, `${user.username} is disabled.`);
              }
            }}
          >
            Disable
          </button>
        )}
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending || self}
          title={self ? 'You cannot delete yourself' : undefined}
          onClick={() => {
            if (
              confirmAction(
                `Delete ${user.username} for good? Their memberships and tokens are deleted and their assignments cleared; disabling them instead keeps all that.`,
              )
            ) {
              remove.mutate();
            }
          }}
        >
          Delete
        </button>
      </div>
      <FormError error={patch.error ?? remove.error} />
      <FormSuccess>{done}</FormSuccess>
    </div>
  );
}

/** `/admin/users/:userId`: a user, their teams and (admin) what can be changed. */
export function UserDetail() {
  const { userId = '' } = useParams();
  const me = useMe();
  const user = useAdminUser(userId);
  const teams = useAdminTeams();
  useTitle(`${user.data?.username ?? 'User'} · Admin`);
  const teamName = (id: string) => teams.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/users">← All users</Link>
      </p>
      <QueryView query={user} label="Loading the user…">
        {(u) => {
          const state = userState(u);
          const self = u.id === me.id;
          return (
            <>
              <div className="page-head">
                <h2>
                  {u.username}
                  {self ? <span className="muted"> (you)</span> : null}
                </h2>
                <span className={`badge tone-${state.tone}`}>{state.label}</span>
              </div>
              <div className="grid">
                <section className="card">
                  <dl className="facts">
                    <dt>Display name</dt>
                    <dd>{u.displayName ?? '—'}</dd>
                    <dt>Organisation role</dt>
                    <dd>{u.globalRole ?? 'none'}</dd>
                    <dt>Created</dt>
                    <dd>{formatDateTime(u.createdAt)}</dd>
                    <dt>Teams</dt>
                    <dd>
                      {u.teams.length === 0 ? (
                        'none'
                      ) : (
                        <ul className="plain-list">
                          {u.teams.map((m) => (
                            <li key={m.teamId}>
                              <Link to={`/admin/teams/${encodeURIComponent(m.teamId)}`}>
                                {teamName(m.teamId)}
                              </Link>{' '}
                              <span className="badge">{m.role}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </dd>
                  </dl>
                  <p className="muted form-hint">
                    Team memberships and champions are set on each team's page.
                  </p>
                </section>
                {isAdmin(me) ? (
                  <section className="card stack" aria-label="Change the user">
                    <EditUser key={u.id} user={u} self={self} />
                    <AccountActions user={u} self={self} />
                  </section>
                ) : null}
              </div>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
