import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { ApiTokenInfo, CreatedToken } from '../api/admin-types.js';
import { api } from '../api/client.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { confirmAction, FormError, FormSuccess } from './forms.js';
import { OneTimeSecret } from './OneTimeSecret.js';

const EXPIRY_CHOICES: readonly { readonly days: number | null; readonly label: string }[] = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: null, label: 'Never (until revoked)' },
];

type TokenState = 'active' | 'expired' | 'revoked';

function stateOf(token: ApiTokenInfo, now: number): TokenState {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

const STATE_LABELS: Record<TokenState, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * Lists, creates and revokes API tokens at `path` (`/api/v1/me/tokens` or a project's
 * `/api/v1/projects/:id/tokens`): the token is shown once, right after it is created.
 */
export function TokenManager({
  path,
  queryKey,
  noun,
  canManage,
  usage,
  placeholder = 'What it is for',
}: {
  readonly path: string;
  readonly queryKey: readonly unknown[];
  /** e.g. "personal token", "CI token". */
  readonly noun: string;
  readonly canManage: boolean;
  /** How to use a new token, shown with it. */
  readonly usage?: ReactNode;
  /** An example name. */
  readonly placeholder?: string;
}) {
  const client = useQueryClient();
  const formId = useId();
  const tokens = useQuery({
    queryKey,
    queryFn: ({ signal }) => api<{ tokens: ApiTokenInfo[] }>(path, { signal }),
  });
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (body: { name: string; expiresInDays: number | null }) =>
      api<CreatedToken>(path, { method: 'POST', body }),
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      setRevoked(null);
      void client.invalidateQueries({ queryKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiTokenInfo) =>
      api<void>(`${path}/${encodeURIComponent(token.id)}`, { method: 'DELETE' }),
    onSuccess: (_, token) => {
      setRevoked(token.name);
      void client.invalidateQueries({ queryKey });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ name: name.trim(), expiresInDays: expiry === '' ? null : Number(expiry) });
  }

  const now = Date.now();
  return (
    <div className="stack">
      {created ? (
        <OneTimeSecret
          title={`New ${noun}: ${created.name}`}
          label={`The ${noun}`}
          value={created.token}
          onDismiss={() => setCreated(null)}
        >
          {usage}
        </OneTimeSecret>
      ) : null}

      {canManage ? (
        <form className="admin-form" onSubmit={submit} aria-labelledby={`${formId}-h`}>
          <h3 id={`${formId}-h`}>Create a {noun}</h3>
          <div className="form-row">
            <label>
              Name
              <input
                required
                maxLength={100}
                value={name}
                placeholder={placeholder}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              Expires after
              <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                {EXPIRY_CHOICES.map((c) => (
                  <option key={c.label} value={c.days === null ? '' : String(c.days)}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : `Create ${noun}`}
            </button>
          </div>
          <FormError error={create.error} />
        </form>
      ) : null}

      <FormError error={revoke.error} />
      <FormSuccess>
        {revoked === null ? null : `Revoked “${revoked}”: it stops working now.`}
      </FormSuccess>

      <QueryView query={tokens} label={`Loading ${noun}s…`}>
        {({ tokens: list }) =>
          list.length === 0 ? (
            <Empty>No {noun}s yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{noun}s</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">State</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    {canManage ? (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((token) => {
                    const state = stateOf(token, now);
                    return (
                      <tr key={token.id} className={state === 'active' ? undefined : 'row-muted'}>
                        <td className="wrap">{token.name}</td>
                        <td>
                          <span className={`badge token-${state}`}>{STATE_LABELS[state]}</span>
                        </td>
                        <td>{formatDate(token.createdAt)}</td>
                        <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
                        <td>
                          {state === 'revoked'
                            ? `Revoked ${formatDate(token.revokedAt)}`
                            : token.expiresAt
                              ? formatDate(token.expiresAt)
                              : 'Never'}
                        </td>
                        {canManage ? (
                          <td>
                            {state === 'active' ? (
                              <button
                                type="button"
                                className="button-danger"
                                disabled={revoke.isPending}
                                aria-label={`Revoke ${noun} ${token.name}`}
                                onClick={() => {
                                  if (
                                    confirmAction(
                                      `Revoke the ${noun} “${token.name}”? Anything using it stops working at once.`,
                                    )
                                  ) {
                                    revoke.mutate(token);
                                  }
                                }}
                              >
                                Revoke
                              </button>
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}
