import { type FormEvent, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { useProjects } from '../findings/queries.js';
import { useConsultChange, useConsultOwners } from './queries.js';
import {
  CONSULT_STATUS_LABELS,
  CONSULT_TRANSITIONS,
  type ConsultChange,
  type ConsultDetail,
  type ConsultStatus,
} from './types.js';

const dateOf = (iso: string | null) => (iso === null ? '' : iso.slice(0, 10));

/**
 * Security's and admin's form on a consult: the status (only the moves the hub allows),
 * the owner, the due date, the outcome and the threat-model revision it produced. One
 * request carries every changed field, so a consult closes as done with its outcome at once.
 */
export function ConsultActions({ consult }: { readonly consult: ConsultDetail }) {
  const change = useConsultChange(consult.id);
  const owners = useConsultOwners(true);
  const projects = useProjects();
  const next = CONSULT_TRANSITIONS[consult.status];
  const [status, setStatus] = useState<ConsultStatus>(consult.status);
  const [ownerId, setOwnerId] = useState(consult.owner?.id ?? '');
  const [dueAt, setDueAt] = useState(dateOf(consult.dueAt));
  const [outcome, setOutcome] = useState(consult.outcome ?? '');
  const [tmProject, setTmProject] = useState(consult.outcomeThreatModel?.projectId ?? '');
  const [tmRevision, setTmRevision] = useState(
    consult.outcomeThreatModel ? String(consult.outcomeThreatModel.revision) : '',
  );
  const [message, setMessage] = useState<string | undefined>();
  const [localError, setLocalError] = useState<string | undefined>();
  const teamProjects = (projects.data?.projects ?? []).filter((p) => p.teamId === consult.teamId);
  const needsOutcome = status === 'done' || status === 'declined';

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(undefined);
    setLocalError(undefined);
    const body: { -readonly [K in keyof ConsultChange]: ConsultChange[K] } = {};
    if (status !== consult.status) body.status = status;
    if (ownerId !== (consult.owner?.id ?? '')) body.ownerId = ownerId === '' ? null : ownerId;
    if (dueAt !== dateOf(consult.dueAt)) body.dueAt = dueAt === '' ? null : dueAt;
    const text = outcome.trim();
    if (text !== (consult.outcome ?? '').trim()) body.outcome = text === '' ? null : text;
    const link = consult.outcomeThreatModel;
    if (tmProject !== '' || tmRevision !== '') {
      const revision = Number(tmRevision);
      if (tmProject === '' || !Number.isInteger(revision) || revision < 1) {
        setLocalError('A threat-model link needs a project and a revision number (1 or more).');
        return;
      }
      if (link?.projectId !== tmProject || link.revision !== revision)
        body.outcomeThreatModel = { projectId: tmProject, revision };
    } else if (link !== null) body.outcomeThreatModel = null;
    if (needsOutcome && text === '') {
      setLocalError(`Write the outcome to close the consult as ${CONSULT_STATUS_LABELS[status]}.`);
      return;
    }
    if (Object.keys(body).length === 0) {
      setMessage('Nothing changed.');
      return;
    }
    change.mutate(body, { onSuccess: () => setMessage('Saved.') });
  }

  return (
    <form
      className="card admin-form consult-actions"
      aria-label="Work this consult"
      onSubmit={submit}
    >
      <h2>Work this consult</h2>
      <div className="form-row">
        <label>
          Status
          <select
            value={status}
            disabled={next.length === 0}
            onChange={(e) => setStatus(e.target.value as ConsultStatus)}
          >
            <option value={consult.status}>{CONSULT_STATUS_LABELS[consult.status]} (now)</option>
            {next.map((s) => (
              <option key={s} value={s}>
                {CONSULT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">Nobody</option>
            {consult.owner && !owners.data?.some((u) => u.id === consult.owner?.id) ? (
              <option value={consult.owner.id}>{consult.owner.username}</option>
            ) : null}
            {(owners.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName ? `${u.displayName} (${u.username})` : u.username}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due date
          <input type="date" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
        </label>
      </div>
      <label>
        Outcome{needsOutcome ? ' (required)' : ''}
        <textarea
          rows={5}
          maxLength={20_000}
          value={outcome}
          required={needsOutcome}
          aria-describedby="consult-outcome-help"
          onChange={(e) => setOutcome(e.target.value)}
        />
      </label>
      <p id="consult-outcome-help" className="muted small">
        Markdown: what was decided, or why the consult was declined. Needed to close as done or
        declined.
      </p>
      <fieldset>
        <legend>Threat model the consult produced (optional)</legend>
        <div className="form-row">
          <label>
            Project
            <select value={tmProject} onChange={(e) => setTmProject(e.target.value)}>
              <option value="">None</option>
              {teamProjects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Revision
            <input
              type="number"
              min={1}
              value={tmRevision}
              onChange={(e) => setTmRevision(e.target.value)}
            />
          </label>
        </div>
      </fieldset>
      {localError ? (
        <p role="alert" className="state state-error form-message">
          {localError}
        </p>
      ) : null}
      <FormError error={change.error} />
      <FormSuccess>{message}</FormSuccess>
      <div className="form-actions">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
