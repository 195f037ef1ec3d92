import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { OneTimeSecret } from '../account/OneTimeSecret.js';
import {
  type AdminTeam,
  type CreatedWebhook,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from '../api/admin-types.js';
import { api } from '../api/client.js';
import { SEVERITIES } from '../api/types.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminTeams, useTeamName, useWebhooks } from './queries.js';

/** What a webhook form holds. */
export interface WebhookDraft {
  readonly name: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly teamId: string;
  readonly minSeverity: string;
  readonly active: boolean;
}

/** Where a webhook may point: https, or http to this machine only (url-policy.ts). */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, starting with https://.';
  }
  if (url.username !== '' || url.password !== '') {
    return 'Remove the credentials from the URL: the receiver checks the signature instead.';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) {
    return undefined;
  }
  return 'Use https (http only to this machine).';
}

/** The fields of a webhook's form, shared by create and edit. */
export function WebhookFields({
  value,
  onChange,
  teams,
  urlRequired,
  urlHint,
}: {
  readonly value: WebhookDraft;
  readonly onChange: (next: WebhookDraft) => void;
  readonly teams: readonly AdminTeam[];
  readonly urlRequired: boolean;
  readonly urlHint?: string;
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
            placeholder="e.g. #security-alerts"
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
        </label>
        <label className="grow">
          URL
          <input
            type="url"
            required={urlRequired}
            maxLength={2000}
            spellCheck={false}
            autoComplete="off"
            placeholder={urlHint ?? 'https://hooks.example.com/rampart'}
            aria-describedby="webhook-url-hint"
            value={value.url}
            onChange={(e) => onChange({ ...value, url: e.target.value })}
          />
        </label>
      </div>
      <p id="webhook-url-hint" className="muted form-hint">
        https only (http only to this machine), without credentials: the receiver checks the{' '}
        <code>X-Rampart-Signature</code> header with the secret instead. The hub shows the URL
        masked after its first path segment.
        {urlRequired ? '' : ' Leave it empty to keep the current URL.'}
      </p>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="choice">
            <input
              type="checkbox"
              checked={value.events.includes(event)}
              onChange={(e) =>
                onChange({
                  ...value,
                  events: e.target.checked
                    ? [...value.events, event]
                    : value.events.filter((x) => x !== event),
                })
              }
            />
            {WEBHOOK_EVENT_LABELS[event]} <code>{event}</code>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <label>
          Team
          <select
            value={value.teamId}
            onChange={(e) => onChange({ ...value, teamId: e.target.value })}
          >
            <option value="">Every team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Minimum severity
          <select
            value={value.minSeverity}
            onChange={(e) => onChange({ ...value, minSeverity: e.target.value })}
          >
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s} or worse
              </option>
            ))}
          </select>
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={value.active}
            onChange={(e) => onChange({ ...value, active: e.target.checked })}
          />
          Active
        </label>
      </div>
    </>
  );
}

/** What is wrong with a draft before asking the hub, or undefined. */
export function draftProblem(draft: WebhookDraft, urlRequired: boolean): string | undefined {
  if (draft.name.trim() === '') return 'Give the webhook a name.';
  if (urlRequired || draft.url.trim() !== '') {
    const problem = urlProblem(draft.url.trim());
    if (problem !== undefined) return problem;
  }
  if (draft.events.length === 0) return 'Choose at least one event.';
  return undefined;
}

const EMPTY: WebhookDraft = {
  name: '',
  url: '',
  events: ['finding.new_critical', 'sla.breach'],
  teamId: '',
  minSeverity: '',
  active: true,
};

function CreateWebhookForm({ teams }: { readonly teams: readonly AdminTeam[] }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<WebhookDraft>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<CreatedWebhook>('/api/v1/webhooks', { method: 'POST', body }),
    onSuccess: (webhook) => {
      setCreated(webhook);
      setDraft(EMPTY);
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const local = draftProblem(draft, true);
    setProblem(local ?? null);
    if (local !== undefined) return;
    create.mutate({
      name: draft.name.trim(),
      url: draft.url.trim(),
      events: draft.events,
      teamId: draft.teamId === '' ? null : draft.teamId,
      minSeverity: draft.minSeverity === '' ? null : draft.minSeverity,
      active: draft.active,
    });
  }
  return (
    <section className="card" aria-labelledby="create-webhook">
      <h2 id="create-webhook">Add a webhook</h2>
      {created ? (
        <OneTimeSecret
          title={`Signing secret of ${created.name}`}
          label="Signing secret"
          value={created.secret}
          onDismiss={() => setCreated(null)}
        >
          <p>
            Give it to the receiver: every delivery carries <code>X-Rampart-Signature</code>, an
            HMAC-SHA256 of the timestamp and body with this secret.{' '}
            <Link to={`/admin/webhooks/${encodeURIComponent(created.id)}`}>Send a test ping</Link>{' '}
            once the receiver is ready.
          </p>
        </OneTimeSecret>
      ) : null}
      <form className="admin-form" onSubmit={submit} noValidate>
        <WebhookFields value={draft} onChange={setDraft} teams={teams} urlRequired />
        {problem ? (
          <p role="alert" className="state state-error form-message">
            {problem}
          </p>
        ) : (
          <FormError error={create.error} />
        )}
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add webhook'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** `/admin/webhooks`: outgoing webhooks, and a form to add one. */
export function WebhooksAdmin() {
  useTitle('Webhooks · Admin');
  const teams = useAdminTeams();
  const webhooks = useWebhooks();
  const teamName = useTeamName();
  return (
    <div className="stack">
      <div className="page-head">
        <h2>Webhooks</h2>
      </div>
      <p className="muted">
        The hub posts a signed JSON message to each active webhook when a new critical finding
        appears or a finding breaches its SLA, and retries failed deliveries.
      </p>
      <QueryView query={teams} label="Loading teams…">
        {(list) => <CreateWebhookForm teams={list} />}
      </QueryView>
      <section className="card" aria-labelledby="webhooks-list">
        <h2 id="webhooks-list">All webhooks</h2>
        <QueryView query={webhooks} label="Loading webhooks…">
          {(list) =>
            list.length === 0 ? (
              <Empty>No webhooks yet.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">URL</th>
                      <th scope="col">Events</th>
                      <th scope="col">Team</th>
                      <th scope="col">Minimum severity</th>
                      <th scope="col">State</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((w) => (
                      <tr key={w.id}>
                        <td className="wrap">
                          <Link to={`/admin/webhooks/${encodeURIComponent(w.id)}`}>{w.name}</Link>
                        </td>
                        <td className="wrap mono">{w.url}</td>
                        <td>
                          {(w.events ?? []).map((e) => (
                            <code key={e} className="event-name">
                              {e}
                            </code>
                          ))}
                        </td>
                        <td>{teamName(w.teamId)}</td>
                        <td>{w.minSeverity ?? 'any'}</td>
                        <td>
                          <span className={`badge tone-${w.active ? 'ok' : 'off'}`}>
                            {w.active ? 'Active' : 'Paused'}
                          </span>
                        </td>
                        <td>{formatDate(w.createdAt)}</td>
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
