import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { PeopleTable, TeamTable } from '../gamification/Leaderboards.js';
import { MyPoints } from '../gamification/MyPoints.js';
import { OptOutSwitch } from '../gamification/OptOutSwitch.js';
import {
  useMyGamification,
  usePeopleBoard,
  useSeasons,
  useTeamBoard,
} from '../gamification/queries.js';
import { SeasonManager } from '../gamification/SeasonManager.js';
import { formatDate } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

/**
 * The leaderboard: my points and badges, the people and team boards for a season (picked in
 * the URL: `?season=current|all|<id>`, `?team=<id>` for one team's people), and the opt-out.
 */
function LeaderboardPage() {
  useTitle('Leaderboard');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const season = params.get('season') ?? 'current';
  const team = params.get('team') ?? '';
  const mine = useMyGamification();
  const seasons = useSeasons();
  const people = usePeopleBoard(season, team === '' ? undefined : team);
  const teams = useTeamBoard(season);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '' || (key === 'season' && value === 'current')) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };
  return (
    <>
      <div className="page-head">
        <h1>Leaderboard</h1>
      </div>
      <p className="muted">
        Points for fixing findings assigned to you within their SLA (critical 20, high 10, medium 5,
        low 2), answering desk questions (3, or 10 when your answer is accepted), completing
        training modules (5) and solving CTF challenges (2, plus 5 for first blood). They are worked
        out from the recorded history each time, per season.
      </p>
      <QueryView query={mine} label="Loading your points…">
        {(data) => (
          <div className="grid">
            <MyPoints me={data} />
            <OptOutSwitch optOut={data.optOut} />
          </div>
        )}
      </QueryView>
      <section className="stack" aria-labelledby="boards">
        <h2 id="boards">Leaderboards</h2>
        <div className="form-row gamification-filters">
          <label>
            Season{' '}
            <select value={season} onChange={(e) => set('season', e.target.value)}>
              <option value="current">Current season</option>
              {(seasons.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({formatDate(s.startsAt)} – {formatDate(s.endsAt)})
                </option>
              ))}
              <option value="all">All time</option>
            </select>
          </label>{' '}
          <label>
            People of{' '}
            <select value={team} onChange={(e) => set('team', e.target.value)}>
              <option value="">The organisation</option>
              {me.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <h3>People</h3>
        <QueryView query={people} label="Loading the people leaderboard…">
          {(board) => <PeopleTable board={board} meId={me.id} />}
        </QueryView>
        <h3>Teams</h3>
        <p className="muted">
          Teams rank by points per enabled member, so a big team does not win by its size. A
          team&apos;s points are its findings fixed within SLA plus its members&apos; desk, training
          and CTF points.
        </p>
        <QueryView query={teams} label="Loading the team leaderboard…">
          {(board) => <TeamTable teams={board.teams} />}
        </QueryView>
      </section>
      {isSecurityOrAdmin(me) && seasons.data ? <SeasonManager seasons={seasons.data} /> : null}
    </>
  );
}

export default LeaderboardPage;
