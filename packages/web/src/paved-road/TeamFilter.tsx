import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTeams } from '../teams/team-queries.js';

/** The team filter of the paved-road pages, in the URL (`?team=ID`). */
export function useTeamParam(): [string | undefined, (teamId: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? undefined;
  return [
    team === '' ? undefined : team,
    (teamId) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (teamId === undefined || teamId === '') next.delete('team');
        else next.set('team', teamId);
        return next;
      }),
  ];
}

/** A select of the teams the user may read, plus "All teams". */
export function TeamFilter() {
  const teams = useTeams();
  const [team, setTeam] = useTeamParam();
  const id = useId();
  return (
    <div className="paved-team-filter">
      <label htmlFor={id}>Team</label>
      <select id={id} value={team ?? ''} onChange={(e) => setTeam(e.target.value || undefined)}>
        <option value="">All teams</option>
        {(teams.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
        {team !== undefined &&
        teams.data !== undefined &&
        !teams.data.some((t) => t.id === team) ? (
          <option value={team}>{team}</option>
        ) : null}
      </select>
    </div>
  );
}
