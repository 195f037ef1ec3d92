import { useTitle } from '../App.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { EventForm } from '../ctf/EventForm.js';
import { EventList } from '../ctf/EventList.js';
import { useCtfEvents } from '../ctf/queries.js';
import { QueryView } from '../ui/states.js';
import '../ctf/ctf.css';

/** `/ctf`: the capture-the-flag events the user sees; security and admin create new ones. */
function CtfPage() {
  useTitle('CTF');
  const me = useMe();
  const events = useCtfEvents();
  const manage = isSecurityOrAdmin(me);
  return (
    <>
      <div className="page-head">
        <h1>Capture the flag</h1>
      </div>
      <p className="muted">
        Security challenges to solve: find the flag each one hides, submit it, and climb the
        scoreboard.
      </p>
      <QueryView query={events} label="Loading events…">
        {(list) => <EventList events={list} manage={manage} />}
      </QueryView>
      {manage ? <EventForm /> : null}
    </>
  );
}

export default CtfPage;
