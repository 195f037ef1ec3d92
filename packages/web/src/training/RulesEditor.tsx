import { type FormEvent, useState } from 'react';
import { FormError } from '../account/forms.js';
import { useAdminTeams } from '../admin/queries.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import {
  useCatalog,
  useCreateTrainingRule,
  useSetRuleActive,
  useTrainingRules,
} from './queries.js';
import { RULE_SEVERITIES } from './types.js';

function NewRuleForm() {
  const create = useCreateTrainingRule();
  const catalog = useCatalog({});
  const teams = useAdminTeams();
  const [name, setName] = useState('');
  const [cwe, setCwe] = useState('');
  const [minSeverity, setMinSeverity] = useState('high');
  const [moduleId, setModuleId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [dueDays, setDueDays] = useState('30');
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        cwe: cwe.trim(),
        minSeverity,
        moduleId,
        teamId: teamId === '' ? null : teamId,
        dueDays: Number(dueDays),
      },
      {
        onSuccess: () => {
          setName('');
          setCwe('');
        },
      },
    );
  }
  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="training-new-rule">
      <h3 id="training-new-rule">New rule</h3>
      <div className="form-row">
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          CWE
          <input
            required
            pattern="[Cc][Ww][Ee]-[1-9][0-9]{0,4}"
            title='a CWE id such as "CWE-89"'
            placeholder="CWE-89"
            value={cwe}
            onChange={(e) => setCwe(e.target.value)}
          />
        </label>
        <label>
          Severity at least
          <select
            aria-label="Severity at least"
            value={minSeverity}
            onChange={(e) => setMinSeverity(e.target.value)}
          >
            {RULE_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          Module
          <select
            aria-label="Module"
            required
            value={moduleId}
            onChange={(e) => setModuleId(e.target.value)}
          >
            <option value="">Choose a module</option>
            {(catalog.data?.modules ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.title} ({m.cwe.join(', ')})
              </option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select aria-label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">Every team</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due in (days)
          <input
            required
            type="number"
            min={1}
            max={365}
            value={dueDays}
            onChange={(e) => setDueDays(e.target.value)}
          />
        </label>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create rule'}
        </button>
      </div>
      <FormError error={create.error} />
    </form>
  );
}

/**
 * Security and admin: the training rules (a finding of a CWE at a severity in a team assigns
 * a module), a form to add one, and a button to turn each off or on again.
 */
export function RulesEditor() {
  const rules = useTrainingRules();
  const setActive = useSetRuleActive();
  return (
    <section aria-labelledby="training-rules" className="card stack section-gap">
      <h2 id="training-rules">Assignment rules</h2>
      <p className="muted small">
        Every 15 minutes, an open finding first seen after a rule was created, with the rule&apos;s
        CWE and at least its severity, assigns the module to every member of the finding&apos;s team
        who has not passed it.
      </p>
      <QueryView query={rules} label="Loading the rules…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No rules yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">CWE</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Module</th>
                    <th scope="col">Due</th>
                    <th scope="col">Last applied</th>
                    <th scope="col">Active</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <td className="wrap">
                        {r.name}
                        {r.teamId === null ? (
                          <span className="muted small"> · every team</span>
                        ) : null}
                      </td>
                      <td className="mono">{r.cwe}</td>
                      <td>{r.minSeverity}+</td>
                      <td className="mono">{r.moduleId}</td>
                      <td>{r.dueDays} days</td>
                      <td>{r.checkedUntil ? formatDateTime(r.checkedUntil) : 'not yet'}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          disabled={setActive.isPending}
                          onClick={() => setActive.mutate({ id: r.id, active: !r.active })}
                          aria-label={`${r.active ? 'Deactivate' : 'Activate'} rule ${r.name}`}
                        >
                          {r.active ? 'Deactivate' : 'Activate'}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <FormError error={setActive.error} />
      <NewRuleForm />
    </section>
  );
}
