import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../account/forms.js';
import { useTeams } from '../teams/team-queries.js';
import { MODE_LABELS, VISIBILITY_LABELS } from './labels.js';
import { useCreateEvent } from './queries.js';
import type { CtfMode, CtfVisibility } from './types.js';

/** A `datetime-local` value (the browser's time zone) as an ISO instant; '' stays undefined. */
function instant(local: string): string | undefined {
  if (local === '') return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Creates a CTF event (security and admin), then opens it. */
export function EventForm() {
  const create = useCreateEvent();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [freezeAt, setFreezeAt] = useState('');
  const [visibility, setVisibility] = useState<CtfVisibility>('draft');
  const [mode, setMode] = useState<CtfMode>('individual');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const teams = useTeams();

  function submit(event: FormEvent) {
    event.preventDefault();
    const freeze = instant(freezeAt);
    create.mutate(
      {
        name,
        description,
        startsAt: instant(startsAt) ?? '',
        endsAt: instant(endsAt) ?? '',
        ...(freeze === undefined ? {} : { freezeAt: freeze }),
        visibility,
        mode,
        teamIds: visibility === 'teams' ? teamIds : [],
      },
      { onSuccess: (created) => navigate(`/ctf/${encodeURIComponent(created.id)}`) },
    );
  }

  return (
    <form className="card admin-form section-gap" onSubmit={submit} aria-labelledby="ctf-new-event">
      <h2 id="ctf-new-event">New event</h2>
      <div className="form-row">
        <label className="grow">
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      <label>
        Description <span className="optional muted">(markdown, shown as written)</span>
        <textarea
          rows={4}
          maxLength={20_000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <div className="form-row">
        <label>
          Starts
          <input
            type="datetime-local"
            required
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
          />
        </label>
        <label>
          Ends
          <input
            type="datetime-local"
            required
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
          />
        </label>
        <label>
          Scoreboard freeze <span className="optional muted">(optional)</span>
          <input
            type="datetime-local"
            value={freezeAt}
            onChange={(e) => setFreezeAt(e.target.value)}
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Visibility
          <select
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as CtfVisibility)}
          >
            {(Object.keys(VISIBILITY_LABELS) as CtfVisibility[]).map((v) => (
              <option key={v} value={v}>
                {VISIBILITY_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mode
          <select value={mode} onChange={(e) => setMode(e.target.value as CtfMode)}>
            {(Object.keys(MODE_LABELS) as CtfMode[]).map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {visibility === 'teams' ? (
        <fieldset>
          <legend>Teams who see and play it</legend>
          {(teams.data ?? []).map((t) => (
            <label key={t.id} className="choice">
              <input
                type="checkbox"
                checked={teamIds.includes(t.id)}
                onChange={(e) =>
                  setTeamIds((ids) =>
                    e.target.checked ? [...ids, t.id] : ids.filter((id) => id !== t.id),
                  )
                }
              />
              {t.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create event'}
        </button>
      </div>
      <FormError error={create.error ?? teams.error} />
    </form>
  );
}
