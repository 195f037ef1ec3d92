import { Link } from 'react-router';
import { formatDateTime } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import { EventStatus } from './EventStatus.js';
import { MODE_LABELS, VISIBILITY_LABELS } from './labels.js';
import type { CtfEvent } from './types.js';

/** The events the user sees, the latest start first (the hub's order). */
export function EventList({
  events,
  manage,
}: {
  readonly events: readonly CtfEvent[];
  readonly manage: boolean;
}) {
  if (events.length === 0) return <Empty>No CTF events for you yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="CTF events">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Status</th>
            <th scope="col">Mode</th>
            {manage ? <th scope="col">Visibility</th> : null}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <Link to={`/ctf/${encodeURIComponent(e.id)}`}>{e.name}</Link>
              </td>
              <td>{formatDateTime(e.startsAt)}</td>
              <td>{formatDateTime(e.endsAt)}</td>
              <td>
                <EventStatus event={e} />
              </td>
              <td>{MODE_LABELS[e.mode]}</td>
              {manage ? <td>{VISIBILITY_LABELS[e.visibility]}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
