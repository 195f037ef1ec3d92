import { CONSULT_STATUS_LABELS, type ConsultStatus, SLA_LABELS, type SlaState } from './types.js';

/** A consult's status, as words. */
export function ConsultStatusBadge({ status }: { readonly status: ConsultStatus }) {
  return (
    <span className={`badge consult-status consult-status-${status}`}>
      {CONSULT_STATUS_LABELS[status] ?? status}
    </span>
  );
}

const SLA_TONE: Record<SlaState, string> = {
  ok: 'tone-ok',
  due_soon: 'tone-warn',
  breached: 'tone-bad',
};
const SLA_MARK: Record<SlaState, string> = { ok: '✓', due_soon: '!', breached: '✕' };

/** Where a consult stands against its SLA: a mark and words, not colour alone. */
export function SlaBadge({
  state,
  closed = false,
}: {
  readonly state: SlaState;
  /** A closed consult within its SLA met it. */
  readonly closed?: boolean;
}) {
  return (
    <span className={`badge consult-sla ${SLA_TONE[state]}`}>
      <span aria-hidden="true">{SLA_MARK[state]} </span>
      SLA: {closed && state === 'ok' ? 'Met' : SLA_LABELS[state]}
    </span>
  );
}
