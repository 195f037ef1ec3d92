import { Link, useNavigate, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError } from '../account/forms.js';
import { isAdmin, isOrgReader, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { ChallengeForm } from '../ctf/ChallengeForm.js';
import { ChallengeList } from '../ctf/ChallengeList.js';
import { ChallengePanel } from '../ctf/ChallengePanel.js';
import { Countdown } from '../ctf/Countdown.js';
import { EventStatus } from '../ctf/EventStatus.js';
import { ImportExport } from '../ctf/ImportExport.js';
import { MODE_LABELS, VISIBILITY_LABELS } from '../ctf/labels.js';
import { useCtfChallenges, useCtfEvent, useDeleteEvent } from '../ctf/queries.js';
import { ScoreboardTable } from '../ctf/ScoreboardTable.js';
import type { CtfEvent } from '../ctf/types.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import '../ctf/ctf.css';

function EventBody({ event }: { readonly event: CtfEvent }) {
  const me = useMe();
  const { challengeId } = useParams();
  const navigate = useNavigate();
  const manage = isSecurityOrAdmin(me);
  const challenges = useCtfChallenges(event.id);
  const remove = useDeleteEvent();
  const canPlay = event.canPlay && event.status === 'running' && me.globalRole !== 'auditor';
  const list = challenges.data?.challenges ?? [];
  const selected = challengeId === undefined ? undefined : list.find((c) => c.id === challengeId);
  return (
    <>
      <p>
        <Link to="/ctf">All events</Link>
      </p>
      <div className="page-head">
        <h1>{event.name}</h1>
        <EventStatus event={event} />
      </div>
      <p className="muted">
        {formatDateTime(event.startsAt)} – {formatDateTime(event.endsAt)}
        {event.freezeAt ? ` · scoreboard freezes at ${formatDateTime(event.freezeAt)}` : ''} ·{' '}
        {MODE_LABELS[event.mode]}
        {manage ? ` · ${VISIBILITY_LABELS[event.visibility]}` : ''}
      </p>
      <Countdown event={event} />
      {event.description ? <pre className="ctf-description">{event.description}</pre> : null}
      {event.mode === 'team' && !event.canPlay && !isOrgReader(me) ? (
        <p className="state state-empty">
          You are in no team of this event, so you cannot play it.
        </p>
      ) : null}
      <div className="ctf-layout section-gap">
        <div className="stack">
          {challengeId !== undefined && challenges.isSuccess && selected === undefined ? (
            <p role="alert" className="state state-error">
              No such challenge in this event, or it is not open to you.
            </p>
          ) : null}
          {selected ? (
            <ChallengePanel
              key={selected.id}
              eventId={event.id}
              challenge={selected}
              challenges={list}
              canPlay={canPlay}
              manage={manage}
            />
          ) : null}
          <section className="card" aria-labelledby="ctf-challenges">
            <h2 id="ctf-challenges">Challenges</h2>
            <QueryView query={challenges} label="Loading challenges…">
              {(c) =>
                event.status === 'upcoming' && c.challenges.length === 0 ? (
                  <Empty>The challenges appear when the event starts.</Empty>
                ) : (
                  <ChallengeList
                    eventId={event.id}
                    challenges={c.challenges}
                    selectedId={challengeId}
                  />
                )
              }
            </QueryView>
          </section>
        </div>
        <ScoreboardTable eventId={event.id} me={me} />
      </div>
      {manage && challenges.isSuccess ? (
        <ChallengeForm eventId={event.id} challenges={list} />
      ) : null}
      {isOrgReader(me) ? (
        <ImportExport eventId={event.id} canImport={manage} canExportSecrets={isAdmin(me)} />
      ) : null}
      {manage ? (
        <section className="card section-gap" aria-labelledby="ctf-danger">
          <h2 id="ctf-danger">Delete the event</h2>
          <p className="muted">Deletes its challenges, hints, submissions and solves.</p>
          <button
            type="button"
            className="button-danger"
            disabled={remove.isPending}
            onClick={() => {
              if (confirmAction(`Delete the event "${event.name}" and everything in it?`))
                remove.mutate(event.id, { onSuccess: () => navigate('/ctf') });
            }}
          >
            Delete event
          </button>
          <FormError error={remove.error} />
        </section>
      ) : null}
    </>
  );
}

/**
 * `/ctf/:eventId` and `/ctf/:eventId/challenges/:challengeId`: the event, its challenges by
 * category (the chosen one opened above them) and the live scoreboard beside them; security
 * and admin author challenges here and import or export them as YAML.
 */
function CtfEventPage() {
  const { eventId = '' } = useParams();
  const event = useCtfEvent(eventId);
  useTitle(event.data?.name ?? 'CTF');
  return (
    <QueryView query={event} label="Loading the event…">
      {(e) => <EventBody event={e} />}
    </QueryView>
  );
}

export default CtfEventPage;
