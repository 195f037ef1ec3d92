import { Link, useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { AppointForm } from '../champions/AppointForm.js';
import { ChampionDirectory } from '../champions/ChampionDirectory.js';
import { useChampions } from '../champions/queries.js';
import { QueryView } from '../ui/states.js';

/**
 * The champions directory: who to ask in which team, their expertise, activity and points.
 * The expertise filter lives in the URL (`?expertise=crypto`); security and admin appoint
 * champions, edit their tags and end roles here.
 */
function ChampionsPage() {
  useTitle('Champions');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const expertise = params.get('expertise') ?? undefined;
  const champions = useChampions(expertise);
  const manage = isSecurityOrAdmin(me);
  const championOf = me.teams.filter((t) => t.role === 'champion');
  return (
    <>
      <div className="page-head">
        <h1>Champions</h1>
        {championOf.length > 0 ? <Link to="/champions/home">Your champion home</Link> : null}
      </div>
      <p className="muted">
        Each team&apos;s security champions: ask them first. Points over the last 90 days: 2 per
        finding triaged, 1 per fix in their team, 3 per answer on the question desk (10 when
        accepted).
      </p>
      {expertise ? (
        <p role="status">
          Showing champions with expertise <strong>{expertise}</strong>.{' '}
          <button type="button" className="button-ghost" onClick={() => setParams({})}>
            Show all
          </button>
        </p>
      ) : null}
      <QueryView query={champions} label="Loading champions…">
        {(list) => (
          <ChampionDirectory
            champions={list}
            manage={manage}
            onTag={(tag) => setParams({ expertise: tag })}
          />
        )}
      </QueryView>
      {manage ? <AppointForm /> : null}
    </>
  );
}

export default ChampionsPage;
