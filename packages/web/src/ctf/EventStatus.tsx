import { isFrozen, STATUS_LABELS } from './labels.js';
import type { CtfEvent } from './types.js';

/** The event's status badge, and "frozen" once the scoreboard freeze has passed. */
export function EventStatus({ event }: { readonly event: CtfEvent }) {
  return (
    <span className="ctf-status">
      <span className={`badge ctf-status-${event.status}`}>{STATUS_LABELS[event.status]}</span>
      {event.status === 'running' && isFrozen(event, Date.now()) ? (
        <span className="badge ctf-frozen">Frozen</span>
      ) : null}
    </span>
  );
}
