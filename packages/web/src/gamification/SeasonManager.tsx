import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { confirmAction, FormError, FormSuccess } from '../account/forms.js';
import { api } from '../api/client.js';
import { formatDate } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import type { Season } from './types.js';

/** A date input's value (`YYYY-MM-DD`) as the start of that day, UTC, in ISO 8601. */
const dayStart = (day: string) => `${day}T00:00:00.000Z`;

/**
 * Seasons, for security and admin: the list, a new season (a name and two dates; a season
 * runs from its first day to the day before its end date, UTC) and deletion. The hub
 * refuses overlapping seasons and says which one is in the way.
 */
export function SeasonManager({ seasons }: { readonly seasons: readonly Season[] }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const refresh = () => client.invalidateQueries({ queryKey: ['gamification'] });
  const create = useMutation({
    mutationFn: () =>
      api<Season>('/api/v1/seasons', {
        method: 'POST',
        body: { name: name.trim(), startsAt: dayStart(starts), endsAt: dayStart(ends) },
      }),
    onSuccess: (season) => {
      setDone(`Season "${season.name}" created.`);
      setName('');
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/seasons/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      setDone('Season deleted.');
      void refresh();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    create.mutate();
  }
  return (
    <section className="card stack section-gap" aria-labelledby="seasons">
      <h2 id="seasons">Seasons</h2>
      <p className="muted">
        Leaderboards count the current season (without one, the last 90 days). Points are worked out
        from the history, so a season can be added or changed afterwards.
      </p>
      {seasons.length === 0 ? (
        <Empty>No season yet.</Empty>
      ) : (
        <ul className="plain-list">
          {seasons.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong> · {formatDate(s.startsAt)} to {formatDate(s.endsAt)}
              {s.current ? ' · current' : ''}{' '}
              <button
                type="button"
                className="button-ghost"
                disabled={remove.isPending}
                onClick={() => {
                  if (confirmAction(`Delete the season "${s.name}"? No points are lost.`))
                    remove.mutate(s.id);
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="admin-form" onSubmit={submit} aria-label="New season">
        <div className="form-row">
          <label>
            Name
            <input
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            First day
            <input
              type="date"
              required
              value={starts}
              onChange={(e) => setStarts(e.target.value)}
            />
          </label>
          <label>
            Ends before
            <input type="date" required value={ends} onChange={(e) => setEnds(e.target.value)} />
          </label>
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create season'}
          </button>
        </div>
      </form>
      <FormError error={create.error ?? remove.error} />
      <FormSuccess>{done}</FormSuccess>
    </section>
  );
}
