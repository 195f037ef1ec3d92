import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError, FormSuccess } from '../account/forms.js';
import { OneTimeSecret } from '../account/OneTimeSecret.js';
import {
  type AdminTeam,
  DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from '../api/admin-types.js';
import { api, withQuery } from '../api/client.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { adminKeys, afterOrgChange, useAdminTeams, useTeamName } from './queries.js';
import { draftProblem, type WebhookDraft, WebhookFields } from './WebhooksAdmin.js';

const hookPath = (id: string, rest = '') => `/api/v1/webhooks/${encodeURIComponent(id)}${rest}`;

function useWebhook(id: string) {
  return useQuery({
    queryKey: adminKeys.webhook(id),
    queryFn: ({ signal }) => api<Webhook>(hookPath(id), { signal }),
  });
}

const draftOf = (w: Webhook): WebhookDraft => ({
  name: w.name,
  url: '',
  events: (w.events ?? []).filter((e): e is WebhookEvent =>
    (WEBHOOK_EVENTS as readonly string[]).includes(e),
  ),
  teamId: w.teamId ?? '',
  minSeverity: w.minSeverity ?? '',
  active: w.active,
});

function EditWebhook({
  webhook,
  teams,
}: {
  readonly webhook: Webhook;
  readonly teams: readonly AdminTeam[];
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<WebhookDraft>(() => draftOf(webhook));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<Webhook>(hookPath(webhook.id), { method: 'PATCH', body }),
    onSuccess: () => {
      setSaved(true);
      setDraft((d) => ({ ...d, url: '' }));
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const local = draftProblem(draft, false);
    setProblem(local ?? null);
    if (local !== undefined) return;
    const body: Record<string, unknown> = {};
    if (draft.name.trim() !== webhook.name) body.name = draft.name.trim();
    if (draft.url.trim() !== '') body.url = draft.url.trim();
    const events = [...draft.events].sort();
    if (events.join(',') !== [...(webhook.events ?? [])].sort().join(',')) body.events = events;
    const teamId = draft.teamId === '' ? null : draft.teamId;
    if (teamId !== webhook.teamId) body.teamId = teamId;
    const minSeverity = draft.minSeverity === '' ? null : draft.minSeverity;
    if (minSeverity !== webhook.minSeverity) body.minSeverity = minSeverity;
    if (draft.active !== webhook.active) body.active = draft.active;
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(body);
  }
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="edit-webhook">
      <h3 id="edit-webhook">Settings</h3>
      <WebhookFields
        value={draft}
        onChange={(next) => {
          setDraft(next);
          setSaved(false);
        }}
        teams={teams}
        urlRequired={false}
        urlHint={webhook.url}
      />
      {problem ? (
        <p role="alert" className="state state-error form-message">
          {problem}
        </p>
      ) : (
        <FormError error={save.error} />
      )}
      <FormSuccess>{saved ? 'Saved.' : null}</FormSuccess>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function DeliveryResult({ delivery }: { readonly delivery: WebhookDelivery }) {
  const ok = delivery.status === 'delivered';
  return (
    <p role="status" className={`state ${ok ? 'state-success' : 'state-error'} form-message`}>
      {ok
        ? `The receiver took the ping (HTTP ${delivery.lastStatusCode ?? '?'}).`
        : `The ping failed${delivery.lastStatusCode === null ? '' : ` (HTTP ${delivery.lastStatusCode})`}: ${delivery.lastError ?? 'no answer'}`}
    </p>
  );
}

function Actions({ webhook }: { readonly webhook: Webhook }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [secret, setSecret] = useState<string | null>(null);
  const [pinged, setPinged] = useState<WebhookDelivery | null>(null);
  const test = useMutation({
    mutationFn: () =>
      api<{ delivery: WebhookDelivery }>(hookPath(webhook.id, '/test'), { method: 'POST' }),
    onSuccess: ({ delivery }) => {
      setPinged(delivery);
      void client.invalidateQueries({ queryKey: ['admin', 'deliveries', webhook.id] });
    },
  });
  const rotate = useMutation({
    mutationFn: () =>
      api<{ id: string; secret: string }>(hookPath(webhook.id, '/rotate-secret'), {
        method: 'POST',
      }),
    onSuccess: (answer) => {
      setSecret(answer.secret);
      void afterOrgChange(client);
    },
  });
  const remove = useMutation({
    mutationFn: () => api<void>(hookPath(webhook.id), { method: 'DELETE' }),
    onSuccess: async () => {
      await afterOrgChange(client);
      navigate('/admin/webhooks', { replace: true });
    },
  });
  return (
    <div className="stack">
      <h3>Actions</h3>
      {secret ? (
        <OneTimeSecret
          title={`New signing secret of ${webhook.name}`}
          label="Signing secret"
          value={secret}
          onDismiss={() => setSecret(null)}
        >
          <p>Deliveries are signed with it from now on: give it to the receiver.</p>
        </OneTimeSecret>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button-secondary"
          disabled={test.isPending || !webhook.active}
          title={webhook.active ? undefined : 'Activate the webhook first'}
          onClick={() => {
            setPinged(null);
            test.mutate();
          }}
        >
          {test.isPending ? 'Sending…' : 'Send a test ping'}
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={rotate.isPending}
          onClick={() => {
            if (
              confirmAction(
                `Rotate the secret of ${webhook.name}? The old one stops signing at once: the receiver rejects deliveries until it has the new one.`,
              )
            ) {
              setSecret(null);
              rotate.mutate();
            }
          }}
        >
          Rotate secret
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending}
          onClick={() => {
            if (confirmAction(`Delete the webhook ${webhook.name} and its deliveries?`)) {
              remove.mutate();
            }
          }}
        >
          Delete webhook
        </button>
      </div>
      {webhook.active ? null : (
        <p className="muted form-hint">The webhook is paused: activate it to send a test ping.</p>
      )}
      {pinged ? <DeliveryResult delivery={pinged} /> : null}
      <FormError error={test.error ?? rotate.error ?? remove.error} />
    </div>
  );
}

const STATUS_TONE: Record<string, string> = { delivered: 'ok', pending: 'warn', failed: 'bad' };

function Deliveries({ webhookId }: { readonly webhookId: string }) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const deliveries = useQuery({
    queryKey: adminKeys.deliveries(webhookId, status),
    queryFn: ({ signal }) =>
      api<{ deliveries: WebhookDelivery[] }>(
        withQuery(hookPath(webhookId, '/deliveries'), { status, limit: 50 }),
        { signal },
      ),
  });
  return (
    <section className="card" aria-labelledby="deliveries">
      <div className="page-head">
        <h3 id="deliveries">Recent deliveries</h3>
        <div className="toolbar">
          <label className="inline-label">
            Status
            <select
              value={status}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                if (e.target.value === '') next.delete('status');
                else next.set('status', e.target.value);
                setParams(next, { replace: true });
              }}
            >
              <option value="">Any</option>
              {DELIVERY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button-secondary"
            disabled={deliveries.isFetching}
            onClick={() => void deliveries.refetch()}
          >
            Refresh
          </button>
        </div>
      </div>
      <QueryView query={deliveries} label="Loading deliveries…">
        {({ deliveries: list }) =>
          list.length === 0 ? (
            <Empty>No deliveries{status === '' ? ' yet' : ` ${status}`}.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Delivered / next attempt</th>
                    <th scope="col">Payload</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id}>
                      <td>{formatDateTime(d.createdAt)}</td>
                      <td>
                        <code>{d.event}</code>
                      </td>
                      <td>
                        <span className={`badge tone-${STATUS_TONE[d.status] ?? 'off'}`}>
                          {d.status}
                        </span>
                      </td>
                      <td>{d.attempts}</td>
                      <td className="wrap">
                        {d.lastStatusCode === null ? '' : `HTTP ${d.lastStatusCode}`}
                        {d.lastError ? (
                          <div className="muted delivery-error">{d.lastError}</div>
                        ) : null}
                        {d.lastStatusCode === null && !d.lastError ? '—' : null}
                      </td>
                      <td>
                        {d.deliveredAt
                          ? formatDateTime(d.deliveredAt)
                          : d.nextAttemptAt
                            ? `next ${formatDateTime(d.nextAttemptAt)}`
                            : '—'}
                      </td>
                      <td>
                        <details>
                          <summary>Show</summary>
                          <pre className="payload">{JSON.stringify(d.payload, null, 2)}</pre>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}

/** `/admin/webhooks/:webhookId`: a webhook's settings, test ping, secret and deliveries. */
export function WebhookDetail() {
  const { webhookId = '' } = useParams();
  const webhook = useWebhook(webhookId);
  const teams = useAdminTeams();
  const teamName = useTeamName();
  useTitle(`${webhook.data?.name ?? 'Webhook'} · Admin`);
  return (
    <div className="stack">
      <p>
        <Link to="/admin/webhooks">← All webhooks</Link>
      </p>
      <QueryView query={webhook} label="Loading the webhook…">
        {(w) => (
          <>
            <div className="page-head">
              <h2>{w.name}</h2>
              <span className={`badge tone-${w.active ? 'ok' : 'off'}`}>
                {w.active ? 'Active' : 'Paused'}
              </span>
            </div>
            <dl className="facts">
              <dt>URL</dt>
              <dd className="mono">{w.url}</dd>
              <dt>Events</dt>
              <dd>{(w.events ?? []).join(', ') || '—'}</dd>
              <dt>Team</dt>
              <dd>{teamName(w.teamId)}</dd>
              <dt>Minimum severity</dt>
              <dd>{w.minSeverity ?? 'any'}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(w.createdAt)}</dd>
              <dt>Changed</dt>
              <dd>{formatDateTime(w.updatedAt)}</dd>
            </dl>
            <div className="grid">
              <section className="card">
                <QueryView query={teams} label="Loading teams…">
                  {(list) => <EditWebhook key={w.id} webhook={w} teams={list} />}
                </QueryView>
              </section>
              <section className="card">
                <Actions webhook={w} />
              </section>
            </div>
            <Deliveries webhookId={w.id} />
          </>
        )}
      </QueryView>
    </div>
  );
}
