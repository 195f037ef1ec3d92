import { type FormEvent, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { formatDateTime } from '../ui/format.js';
import { useDeskSettings, useSetDeskSettings } from './queries.js';

/** The escalation delay (security and admin): how long a question waits for champions. */
export function DeskSettingsForm() {
  const settings = useDeskSettings();
  const save = useSetDeskSettings();
  const [hours, setHours] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const value = hours ?? (settings.data ? String(settings.data.escalateAfterHours) : '');
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    save.mutate(Number(value), {
      onSuccess: () => {
        setHours(undefined);
        setDone(true);
      },
    });
  }
  return (
    <form className="card admin-form section-gap" onSubmit={submit} aria-labelledby="desk-settings">
      <h2 id="desk-settings">Escalation</h2>
      <p className="muted">
        A question waits this long for its team&apos;s champions; then it goes to the security team.
        A team without a champion has its questions escalated at once.
      </p>
      <div className="form-row">
        <label>
          Escalate after (hours, 1 to 720)
          <input
            type="number"
            min={1}
            max={720}
            step={1}
            required
            value={value}
            onChange={(e) => {
              setHours(e.target.value);
              setDone(false);
            }}
          />
        </label>
        <button type="submit" disabled={save.isPending || settings.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      {settings.data?.updatedAt ? (
        <p className="muted small">Last changed {formatDateTime(settings.data.updatedAt)}.</p>
      ) : null}
      <FormError error={save.error ?? settings.error} />
      <FormSuccess>{done ? 'Saved.' : null}</FormSuccess>
    </form>
  );
}
