import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../api/admin-types.js';
import { ApiError, api } from '../api/client.js';
import { useMe, useSession } from '../api/session.js';

/** What is wrong with the form before asking the hub, or undefined. */
function problemOf(current: string, next: string, confirm: string): string | undefined {
  if (current === '') return 'Enter your current password.';
  if (next.length < MIN_PASSWORD_LENGTH) {
    return `The new password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (next.length > MAX_PASSWORD_LENGTH) {
    return `The new password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  if (next === current) return 'Choose a new password different from the current one.';
  if (next !== confirm) return 'The two new passwords differ: type the same one twice.';
  return undefined;
}

/**
 * `/account/password`: change my password. A user signed in with a one-time password is
 * sent here (App.tsx) until they choose their own.
 */
export default function PasswordPage() {
  useTitle('Change password');
  const me = useMe();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const forced = me.mustChangePassword;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const local = problemOf(current, next, confirm);
    setProblem(local ?? null);
    if (local !== undefined) return;
    setBusy(true);
    try {
      await api<void>('/api/v1/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
      });
      setCurrent('');
      setNext('');
      setConfirm('');
      // The must-change flag is lifted: re-read who I am before leaving, or App.tsx would
      // send me straight back here.
      await refresh();
      navigate('/', { replace: true });
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'INVALID_CREDENTIALS'
          ? new ApiError(e.status, e.code, 'The current password is wrong.')
          : e,
      );
    } finally {
      setBusy(false);
    }
  }

  const describedBy = ['password-rules', problem || error ? 'password-error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="account-page">
      <div className="card password-card">
        <h1>{forced ? 'Choose your password' : 'Change password'}</h1>
        {forced ? (
          <p className="notice">
            You signed in with a one-time password. Choose your own password to continue.
          </p>
        ) : null}
        <form className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
          <label>
            {forced ? 'One-time password' : 'Current password'}
            <input
              type="password"
              name="current-password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </label>
          <label>
            New password
            <input
              type="password"
              name="new-password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              maxLength={MAX_PASSWORD_LENGTH}
              aria-describedby={describedBy}
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </label>
          <p id="password-rules" className="muted form-hint">
            At least {MIN_PASSWORD_LENGTH} characters; a passphrase of a few words is easy to
            remember and hard to guess. Changing it signs you out everywhere else.
          </p>
          <label>
            Confirm the new password
            <input
              type="password"
              name="confirm-password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          </label>
          {problem ? (
            <p id="password-error" role="alert" className="state state-error form-message">
              {problem}
            </p>
          ) : (
            <FormError id="password-error" error={error} />
          )}
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Changing…' : 'Change password'}
            </button>
            {forced ? null : (
              <Link to="/account" className="button button-secondary">
                Cancel
              </Link>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
