import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTitle } from '../App.js';
import { confirmAction, FormError, FormSuccess } from '../account/forms.js';
import {
  BUILT_IN_SLA_DAYS,
  SLA_SEVERITIES,
  type SlaPolicy,
  type SlaSeverity,
} from '../api/admin-types.js';
import { api } from '../api/client.js';
import { SeverityBadge } from '../ui/Badge.js';
import { Empty, QueryView } from '../ui/states.js';
import { afterOrgChange, useAdminTeams, useSlaPolicies, useTeamName } from './queries.js';

const policyPath = (id: string) => `/api/v1/sla-policies/${encodeURIComponent(id)}`;

function CreatePolicyForm() {
  const client = useQueryClient();
  const teams = useAdminTeams();
  const [teamId, setTeamId] = useState('');
  const [severity, setSeverity] = useState<SlaSeverity>('critical');
  const [days, setDays] = useState('7');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { teamId: string | null; severity: SlaSeverity; days: number }) =>
      api<SlaPolicy>('/api/v1/sla-policies', { method: 'POST', body }),
    onSuccess: (policy) => {
      const scope =
        policy.teamId === null
          ? 'the organisation'
          : (teams.data?.find((t) => t.id === policy.teamId)?.name ?? policy.teamId);
      setCreated(`${policy.severity} findings of ${scope}: ${policy.days} days to fix.`);
      void afterOrgChange(client);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ teamId: teamId === '' ? null : teamId, severity, days: Number(days) });
  }
  return (
    <section className="card" aria-labelledby="create-sla">
      <h2 id="create-sla">Add a policy</h2>
      <form className="admin-form" onSubmit={submit}>
        <div className="form-row">
          <label>
            Applies to
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">The organisation (default)</option>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  Team: {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Severity
            <select value={severity} onChange={(e) => setSeverity(e.target.value as SlaSeverity)}>
              {SLA_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Days to fix
            <input
              type="number"
              required
              min={1}
              max={3650}
              step={1}
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add policy'}
          </button>
        </div>
        <FormError error={create.error ?? teams.error} />
        <FormSuccess>{created === null ? null : `Added: ${created}`}</FormSuccess>
      </form>
    </section>
  );
}

function PolicyRow({
  policy,
  scope,
  onDone,
}: {
  readonly policy: SlaPolicy;
  readonly scope: string;
  readonly onDone: (message: string) => void;
}) {
  const client = useQueryClient();
  const [days, setDays] = useState(String(policy.days));
  const save = useMutation({
    mutationFn: (value: number) =>
      api<SlaPolicy>(policyPath(policy.id), { method: 'PATCH', body: { days: value } }),
    onSuccess: (updated) => {
      onDone(`${scope}, ${policy.severity}: now ${updated.days} days.`);
      void afterOrgChange(client);
    },
  });
  const remove = useMutation({
    mutationFn: () => api<void>(policyPath(policy.id), { method: 'DELETE' }),
    onSuccess: () => {
      onDone(`Deleted the ${policy.severity} policy (${scope}).`);
      void afterOrgChange(client);
    },
  });
  const inputId = `sla-days-${policy.id}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(Number(days));
  }
  return (
    <tr>
      <td>{scope}</td>
      <td>
        <SeverityBadge severity={policy.severity} />
      </td>
      <td>
        <form className="inline-form" onSubmit={submit}>
          <label htmlFor={inputId} className="visually-hidden">
            Days to fix {policy.severity} findings ({scope})
          </label>
          <input
            id={inputId}
            type="number"
            required
            min={1}
            max={3650}
            step={1}
            inputMode="numeric"
            className="input-days"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
          <button
            type="submit"
            className="button-secondary"
            disabled={save.isPending || days === String(policy.days)}
          >
            Save
            <span className="visually-hidden">
              {' '}
              {policy.severity} policy of {scope}
            </span>
          </button>
        </form>
        <FormError error={save.error ?? remove.error} />
      </td>
      <td>
        <button
          type="button"
          className="button-danger"
          disabled={remove.isPending}
          onClick={() => {
            const message =
              policy.teamId === null
                ? `Delete the organisation's ${policy.severity} policy? The built-in default (${BUILT_IN_SLA_DAYS[policy.severity]} days) applies where no team sets its own.`
                : `Delete the ${policy.severity} policy of ${scope}? The team's ${policy.severity} findings fall back to the organisation's policy.`;
            if (confirmAction(message)) {
              remove.mutate();
            }
          }}
        >
          Delete
          <span className="visually-hidden">
            {' '}
            {policy.severity} policy of {scope}
          </span>
        </button>
      </td>
    </tr>
  );
}

/** What applies to a team without its own policies: the organisation's or the built-in days. */
function OrganisationDefaults({ policies }: { readonly policies: readonly SlaPolicy[] }) {
  return (
    <section className="card" aria-labelledby="sla-defaults">
      <h2 id="sla-defaults">Organisation defaults</h2>
      <ul className="sla-defaults">
        {SLA_SEVERITIES.map((severity) => {
          const policy = policies.find((p) => p.teamId === null && p.severity === severity);
          return (
            <li key={severity}>
              <SeverityBadge severity={severity} />{' '}
              <strong>{policy?.days ?? BUILT_IN_SLA_DAYS[severity]} days</strong>{' '}
              <span className="muted">{policy ? '(policy)' : '(built-in)'}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** `/admin/sla`: days allowed to fix findings, per severity, for the organisation and teams. */
export function SlaAdmin() {
  useTitle('SLA policies · Admin');
  const policies = useSlaPolicies();
  const teamName = useTeamName();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="stack">
      <div className="page-head">
        <h2>SLA policies</h2>
      </div>
      <p className="muted">
        How many days a finding of each severity may stay open. A team's policy replaces the
        organisation's for that team; without either, the built-in default applies. A finding past
        its due date is an SLA breach (and sends the <code>sla.breach</code> webhooks). Info
        findings have no deadline.
      </p>
      <QueryView query={policies} label="Loading SLA policies…">
        {(list) => <OrganisationDefaults policies={list} />}
      </QueryView>
      <CreatePolicyForm />
      <section className="card" aria-labelledby="sla-list">
        <h2 id="sla-list">Policies</h2>
        <FormSuccess>{done}</FormSuccess>
        <QueryView query={policies} label="Loading SLA policies…">
          {(list) =>
            list.length === 0 ? (
              <Empty>No SLA policies: the built-in defaults apply everywhere.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Applies to</th>
                      <th scope="col">Severity</th>
                      <th scope="col">Days to fix</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((p) => (
                      <PolicyRow
                        key={`${p.id}/${p.days}`}
                        policy={p}
                        scope={p.teamId === null ? 'Organisation' : teamName(p.teamId)}
                        onDone={setDone}
                      />
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
