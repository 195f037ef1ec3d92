import { FormError, FormSuccess } from '../account/forms.js';
import { useOptOut } from './queries.js';

/** The leaderboard opt-out, with what it does and does not do. */
export function OptOutSwitch({ optOut }: { readonly optOut: boolean }) {
  const change = useOptOut();
  // The chosen value shows at once; the server's answer (refetched) confirms it.
  const shown = change.isError || change.variables === undefined ? optOut : change.variables;
  return (
    <section className="card stack" aria-labelledby="opt-out">
      <h2 id="opt-out">Leaderboard visibility</h2>
      <p>
        Leaderboards are opt-out. When you opt out, your name and rank never appear on any
        leaderboard, and the boards do not say that anyone opted out. You still see your own points
        and badges here, and your points still count towards your team&apos;s total. You can opt
        back in at any time.
      </p>
      <label className="form-row">
        <span>
          <input
            type="checkbox"
            checked={shown}
            disabled={change.isPending}
            onChange={(e) => change.mutate(e.target.checked)}
          />{' '}
          Hide me from the leaderboards
        </span>
      </label>
      <FormError error={change.error} />
      <FormSuccess>
        {change.isSuccess
          ? change.data.optOut
            ? 'You are hidden from the leaderboards.'
            : 'You are shown on the leaderboards again.'
          : null}
      </FormSuccess>
    </section>
  );
}
