import { type FormEvent, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { useAdminUsers, userLabel } from '../admin/queries.js';
import { useTeams } from '../teams/team-queries.js';
import { useChampionChange } from './queries.js';

/**
 * Appoints a champion (security and admin): a team and a person; someone outside the team
 * joins it as its champion.
 */
export function AppointForm() {
  const teams = useTeams();
  const users = useAdminUsers();
  const change = useChampionChange();
  const [teamId, setTeamId] = useState('');
  const [userId, setUserId] = useState('');
  const [done, setDone] = useState<string | undefined>();
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    change.mutate(
      { kind: 'appoint', teamId, userId },
      {
        onSuccess: () => {
          const user = users.data?.find((u) => u.id === userId);
          const team = teams.data?.find((t) => t.id === teamId);
          setDone(
            `${user ? userLabel(user) : 'They'} is now a champion of ${team ? team.name : 'the team'}.`,
          );
          setUserId('');
        },
      },
    );
  }
  return (
    <form
      className="card admin-form section-gap"
      onSubmit={submit}
      aria-labelledby="appoint-champion"
    >
      <h2 id="appoint-champion">Appoint a champion</h2>
      <div className="form-row">
        <label>
          Team
          <select required value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">Choose a team…</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Person
          <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">Choose a person…</option>
            {(users.data ?? [])
              .filter((u) => !u.disabled)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {userLabel(u)}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Appointing…' : 'Appoint'}
        </button>
      </div>
      <FormError error={change.error ?? teams.error ?? users.error} />
      <FormSuccess>{done}</FormSuccess>
    </form>
  );
}
