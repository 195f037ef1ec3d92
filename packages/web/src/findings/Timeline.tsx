/** A finding's full history: scans that saw or closed it, and every person's triage. */
import type { FindingEvent } from '../api/types.js';
import { formatDateTime, STATUS_LABELS } from '../ui/format.js';
import { eventLabel, SEVERITY_LABELS, stageLabel } from './labels.js';

/** Names for user ids (team members, the signed-in user, everyone for org readers). */
export type NameOf = (userId: string) => string;

type Details = Readonly<Record<string, unknown>>;

/** Names for the other details the hub records (a scan's scope: `main`, `pr:…`, …). */
const DETAIL_LABELS: Readonly<Record<string, string>> = { scope: 'Scope' };

const asRecord = (data: unknown): Details =>
  typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Details) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;

/** Who did it: a person, a triage rule's author, a scan, or Rampart itself (an expiry). */
function actorText(event: FindingEvent, nameOf: NameOf): string {
  if (event.actorId !== null) {
    const known = nameOf(event.actorId);
    // The hub names the actor; a user id is only the last resort.
    if (known !== event.actorId || !event.actor) return known;
    return event.actor.displayName ?? event.actor.username;
  }
  if (event.scanId !== null) return 'a scan';
  return 'Rampart';
}

/** The details an event carries, as label and text pairs. */
export function eventDetails(event: FindingEvent, nameOf: NameOf): [string, string][] {
  const data = asRecord(event.data);
  const out: [string, string][] = [];
  const used = new Set<string>();
  const take = (key: string) => {
    used.add(key);
    return text(data[key]);
  };
  const from = take('from');
  const to = take('to');
  if (event.type === 'assigned') {
    out.push(['Assigned to', data.to === null || to === undefined ? 'nobody' : nameOf(to)]);
    if (from !== undefined) out.push(['Before', nameOf(from)]);
  } else if (event.type === 'severity_overridden') {
    if (from !== undefined) out.push(['From', SEVERITY_LABELS[from] ?? from]);
    if (to !== undefined) out.push(['To', SEVERITY_LABELS[to] ?? to]);
  } else {
    if (from !== undefined) out.push(['Was', STATUS_LABELS[from] ?? from]);
    if (to !== undefined) out.push(['To', to]);
  }
  const reason = take('reason');
  if (reason !== undefined) out.push(['Reason', reason]);
  const until = take('until');
  if (until !== undefined)
    out.push([event.type === 'risk_expired' ? 'Expired' : 'Until', formatDateTime(until)]);
  const rule = take('rule');
  if (rule !== undefined) out.push(['Triage rule', rule]);
  used.add('text');
  for (const [key, value] of Object.entries(data)) {
    if (used.has(key)) continue;
    const shown = text(value);
    if (shown !== undefined) out.push([DETAIL_LABELS[key] ?? key, shown]);
  }
  return out;
}

function TimelineEntry({
  event,
  nameOf,
}: {
  readonly event: FindingEvent;
  readonly nameOf: NameOf;
}) {
  const comment = event.type === 'commented' ? text(asRecord(event.data).text) : undefined;
  const details = eventDetails(event, nameOf);
  return (
    <li className={`timeline-event event-${event.type.replace(/[^a-z_]/g, '')}`}>
      <div className="timeline-head">
        <strong>{eventLabel(event.type)}</strong>{' '}
        <span className="muted">
          by {actorText(event, nameOf)} ·{' '}
          <time dateTime={event.at} title={formatDateTime(event.at)}>
            {formatDateTime(event.at)}
          </time>
          {event.stage ? ` · ${stageLabel(event.stage)}` : ''}
        </span>
      </div>
      {comment !== undefined ? <p className="prewrap timeline-comment">{comment}</p> : null}
      {details.length > 0 ? (
        <dl className="timeline-details">
          {details.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="prewrap">{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}

/** The timeline, oldest first (as the hub returns it), so the newest event is at the end. */
export function Timeline({
  events,
  nameOf,
}: {
  readonly events: readonly FindingEvent[];
  readonly nameOf: NameOf;
}) {
  if (events.length === 0) return <p className="muted">No events yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {events.map((event) => (
        <TimelineEntry key={event.id} event={event} nameOf={nameOf} />
      ))}
    </ol>
  );
}
