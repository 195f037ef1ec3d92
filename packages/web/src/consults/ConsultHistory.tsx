import { Markdown } from '../desk/Markdown.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import {
  CONSULT_STATUS_LABELS,
  type ConsultDetail,
  type ConsultEvent,
  type ConsultStatus,
  KIND_LABELS,
} from './types.js';

const statusLabel = (value: unknown) =>
  CONSULT_STATUS_LABELS[value as ConsultStatus] ?? String(value);

/** What one history event says, as text (only comments carry the hub's rendered markdown). */
function describe(event: ConsultEvent, consult: ConsultDetail, nameOf: (id: string) => string) {
  const d = event.data;
  switch (event.type) {
    case 'created':
      return `requested a ${KIND_LABELS[consult.kind].toLowerCase()}`;
    case 'status':
      return `moved it from ${statusLabel(d.from)} to ${statusLabel(d.to)}`;
    case 'owner':
      return typeof d.to === 'string' ? `set the owner to ${nameOf(d.to)}` : 'removed the owner';
    case 'due':
      return typeof d.to === 'string'
        ? `set the due date to ${formatDate(d.to)}`
        : 'cleared the due date';
    case 'outcome': {
      const tm = d.threatModel as { revision?: number } | null | undefined;
      const parts = [typeof d.text === 'string' ? 'wrote the outcome' : undefined];
      if (tm === null) parts.push('removed the threat-model link');
      else if (tm !== undefined) parts.push(`linked threat-model revision ${tm.revision}`);
      return parts.filter(Boolean).join(' and ') || 'changed the outcome';
    }
    case 'comment':
      return 'commented';
    default:
      return event.type;
  }
}

/** The consult's append-only history, oldest first. */
export function ConsultHistory({
  consult,
  nameOf,
}: {
  readonly consult: ConsultDetail;
  readonly nameOf: (id: string) => string;
}) {
  return (
    <ol className="timeline consult-history">
      {consult.events.map((event) => (
        <li key={event.id}>
          <p className="consult-event-line">
            <strong>{event.actor?.username ?? 'someone'}</strong> {describe(event, consult, nameOf)}{' '}
            <time className="muted small" dateTime={event.at}>
              {formatDateTime(event.at)}
            </time>
          </p>
          {event.type === 'comment' && event.textHtml !== undefined ? (
            <Markdown html={event.textHtml} />
          ) : null}
        </li>
      ))}
    </ol>
  );
}
