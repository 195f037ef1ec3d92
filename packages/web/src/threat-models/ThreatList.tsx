import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { SeverityBadge } from '../ui/Badge.js';
import { Empty } from '../ui/states.js';
import { DECISIONS, DecisionForm } from './DecisionForm.js';
import { decisionText, filterThreats, readThreatFilters } from './filters.js';
import { STRIDE_LABELS, strideLabel, THREAT_STATUS_LABELS, threatStatusLabel } from './labels.js';
import { useDecideThreat } from './queries.js';
import {
  STRIDE_CATEGORIES,
  THREAT_STATUSES,
  type ThreatDecision,
  type ThreatStatus,
  type ThreatView,
} from './types.js';

/** Which decisions the user may record, by status (the hub decides; this picks buttons). */
export type MayDecide = (status: ThreatStatus) => boolean;

interface Editing {
  readonly threatId: string;
  readonly status: ThreatStatus;
}

/** The DOM id of a threat's heading (focused after a decision). */
const headingId = (listId: string, threatId: string) =>
  `${listId}-${threatId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * The threats of a model, filtered by status and STRIDE category (kept in the URL), each
 * with its decision and, for users who may, the forms to change it.
 */
export function ThreatList({
  projectId,
  threats,
  mayDecide,
}: {
  readonly projectId: string;
  readonly threats: readonly ThreatView[];
  readonly mayDecide: MayDecide;
}) {
  const [params, setParams] = useSearchParams();
  const filters = readThreatFilters(params);
  const shown = filterThreats(threats, filters);
  const listId = useId();
  const statusId = useId();
  const strideId = useId();
  const decide = useDecideThreat(projectId);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<{ threatId: string; message: string } | null>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);

  // After a decision, focus goes back to the threat (or to the message, when the filters
  // hide it now) so keyboard users are not left on a form that is gone.
  useEffect(() => {
    if (saved === null) return;
    const heading = document.getElementById(headingId(listId, saved.threatId));
    (heading ?? savedRef.current)?.focus();
  }, [saved, listId]);

  const setFilter = (key: 'status' | 'stride', value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  const submit = (threat: ThreatView, decision: ThreatDecision) => {
    decide.mutate(
      { threatId: threat.id, decision },
      {
        onSuccess: (view) => {
          setEditing(null);
          setSaved({
            threatId: threat.id,
            message: view.unchanged
              ? `“${threat.title}” already had this decision; nothing changed.`
              : `“${threat.title}” is now ${threatStatusLabel(decision.status).toLowerCase()}: saved as revision ${view.revision}.`,
          });
        },
      },
    );
  };

  return (
    <div className="stack">
      <div className="form-row tm-filters">
        <label htmlFor={statusId}>
          Status
          <select
            id={statusId}
            value={filters.status ?? ''}
            onChange={(e) => setFilter('status', e.target.value)}
          >
            <option value="">Any</option>
            {THREAT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {THREAT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={strideId}>
          STRIDE
          <select
            id={strideId}
            value={filters.stride ?? ''}
            onChange={(e) => setFilter('stride', e.target.value)}
          >
            <option value="">Any</option>
            {STRIDE_CATEGORIES.map((s) => (
              <option key={s} value={s}>
                {STRIDE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small tm-count" aria-live="polite">
        {shown.length === threats.length
          ? `${threats.length} ${threats.length === 1 ? 'threat' : 'threats'}`
          : `${shown.length} of ${threats.length} threats`}
      </p>
      <p ref={savedRef} className="triage-done" role="status" tabIndex={-1}>
        {saved?.message ?? ''}
      </p>
      {threats.length === 0 ? (
        <Empty>The threat library gives no threat for this model.</Empty>
      ) : shown.length === 0 ? (
        <Empty>No threat matches these filters.</Empty>
      ) : (
        <ul className="tm-threats" aria-label="Threats">
          {shown.map((threat) => (
            <ThreatItem
              key={threat.id}
              threat={threat}
              headingId={headingId(listId, threat.id)}
              mayDecide={mayDecide}
              editing={editing?.threatId === threat.id ? editing.status : null}
              busy={decide.isPending}
              error={editing?.threatId === threat.id ? decide.error : null}
              onEdit={(status) => {
                decide.reset();
                setEditing(status === null ? null : { threatId: threat.id, status });
              }}
              onSubmit={(decision) => submit(threat, decision)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The codes of a threat's weaknesses and attack patterns, e.g. `CWE-287, CAPEC-151`. */
function references(threat: ThreatView): string {
  const all = [...threat.cwe, ...threat.capec];
  return all.length === 0 ? '—' : all.join(', ');
}

function ThreatItem({
  threat,
  headingId,
  mayDecide,
  editing,
  busy,
  error,
  onEdit,
  onSubmit,
}: {
  readonly threat: ThreatView;
  readonly headingId: string;
  readonly mayDecide: MayDecide;
  readonly editing: ThreatStatus | null;
  readonly busy: boolean;
  readonly error: unknown;
  readonly onEdit: (status: ThreatStatus | null) => void;
  readonly onSubmit: (decision: ThreatDecision) => void;
}) {
  const decision = decisionText(threat);
  // Cancelling a form puts focus back on the buttons it replaced.
  const buttonsRef = useRef<HTMLDivElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && editing === null && document.activeElement === document.body)
      buttonsRef.current?.querySelector('button')?.focus();
    wasEditing.current = editing !== null;
  }, [editing]);
  const offered = THREAT_STATUSES.filter((s) => s !== threat.status && mayDecide(s));
  // Mitigated first: the decision a team makes most often.
  const order: readonly ThreatStatus[] = ['mitigated', 'accepted', 'open'];
  offered.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return (
    <li className="card tm-threat stack" aria-labelledby={headingId}>
      <div className="tm-threat-head">
        <SeverityBadge severity={threat.severity} />
        <span className={`badge tm-status tm-status-${threat.status}`}>
          {threatStatusLabel(threat.status)}
        </span>
        <h3 id={headingId} tabIndex={-1}>
          {threat.title}
        </h3>
      </div>
      <dl className="facts tm-facts">
        <dt>Target</dt>
        <dd>
          {threat.target.kind === 'flow' ? 'Flow' : 'Element'}: {threat.target.name}{' '}
          <span className="mono small muted">({threat.target.id})</span>
        </dd>
        <dt>STRIDE</dt>
        <dd>{strideLabel(threat.stride)}</dd>
        <dt>CWE / CAPEC</dt>
        <dd>{references(threat)}</dd>
        {decision ? (
          <>
            <dt>{decision.label}</dt>
            <dd className="prewrap tm-decision">{decision.text}</dd>
          </>
        ) : null}
        <dt>Threat id</dt>
        <dd className="mono small">{threat.id}</dd>
      </dl>
      <details className="tm-details">
        <summary>Description and mitigations</summary>
        <p className="prewrap">{threat.description}</p>
        {threat.mitigations.length > 0 ? (
          <>
            <h4>Mitigations</h4>
            <ul>
              {threat.mitigations.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: mitigations may repeat
                <li key={i}>{m}</li>
              ))}
            </ul>
          </>
        ) : null}
      </details>
      {editing !== null ? (
        <DecisionForm
          status={editing}
          threatTitle={threat.title}
          busy={busy}
          error={error}
          onSubmit={onSubmit}
          onCancel={() => onEdit(null)}
        />
      ) : offered.length > 0 ? (
        <div ref={buttonsRef} className="triage-buttons">
          {offered.map((status) => (
            <button
              key={status}
              type="button"
              className="button-secondary"
              aria-describedby={headingId}
              onClick={() => onEdit(status)}
            >
              {DECISIONS[status].action}
            </button>
          ))}
        </div>
      ) : null}
    </li>
  );
}
