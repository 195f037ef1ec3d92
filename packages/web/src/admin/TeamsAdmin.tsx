import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { FormError, FormSuccess } from '../account/forms.js';
import type { AdminTeam } from '../api/admin-types.js';
import { api } from '../api/client.js';
import { isAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminTeams } from './queries.js';

/** The hub's team slug rule: 1 to 63 of a-z, 0-9 and "-", starting with a letter or digit. */
export const SLUG_PATTERN = '[a-z0-9][a-z0-9\\-]{0,62}';

/** A slug suggested from a team name: "Payments & Billing" → "payments-billing". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

function CreateTeamForm() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [created, setCreated] = useState<AdminTeam | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; slug: string }) =>
      api<AdminTeam>('/api/v1/teams', { method: 'POST', body }),
    onSuccess: (team) => {
      setCreated(team);
      setName('');
      setSlug('');
      setSlugEdited(false);
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ name: name.trim(), slug: slug.trim() });
  }
  return (
    <section className="card" aria-labelledby="create-team">
      <h2 id="create-team">Create a team</h2>
      <form className="admin-form" onSubmit={submit}>
        <div className="form-row">
          <label>
            Name
            <input
              required
              maxLength={200}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (!slugEdited) setSlug(slugify(e.target.value));
              }}
            />
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
              aria-describedby="team-slug-hint"
              onChange={(e) => {
                setSlug(e.target.value);
                setSlugEdited(true);
              }}
            />
          </label>
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create team'}
          </button>
        </div>
        <p id="team-slug-hint" className="muted form-hint">
          The slug names the team in URLs and the CLI: a-z, 0-9 and "-".
        </p>
        <FormError error={create.error} />
        <FormSuccess>
          {created ? (
            <>
              Created{' '}
              <Link to={`/admin/teams/${encodeURIComponent(created.id)}`}>{created.name}</Link>: add
              its members and appoint its champion.
            </>
          ) : null}
        </FormSuccess>
      </form>
    </section>
  );
}

/** `/admin/teams`: every team, and (admin) a form to create one. */
export function TeamsAdmin() {
  useTitle('Teams · Admin');
  const me = useMe();
  const teams = useAdminTeams();
  return (
    <div className="stack">
      <div className="page-head">
        <h2>Teams</h2>
      </div>
      {isAdmin(me) ? (
        <CreateTeamForm />
      ) : (
        <p className="notice">Only an administrator can create teams or change their members.</p>
      )}
      <section className="card" aria-labelledby="teams-list">
        <h2 id="teams-list">All teams</h2>
        <QueryView query={teams} label="Loading teams…">
          {(list) =>
            list.length === 0 ? (
              <Empty>No teams yet.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Slug</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((t) => (
                      <tr key={t.id}>
                        <td className="wrap">
                          <Link to={`/admin/teams/${encodeURIComponent(t.id)}`}>{t.name}</Link>
                        </td>
                        <td className="mono">{t.slug}</td>
                        <td>{formatDate(t.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryView>
      </section>
    </div>
  );
}
