import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { confirmAction, FormError } from '../account/forms.js';
import { ChallengeForm } from './ChallengeForm.js';
import { playErrorMessage } from './labels.js';
import { useDeleteChallenge, useSubmitFlag, useUnlockHint } from './queries.js';
import type { CtfChallenge, CtfHint, SubmissionResult } from './types.js';

function ResultMessage({ result }: { readonly result: SubmissionResult }) {
  if (!result.correct) {
    return (
      <p role="status" className="state state-error form-message ctf-wrong">
        Wrong flag. Try again.
      </p>
    );
  }
  if (result.alreadySolved) {
    return (
      <p role="status" className="state state-success form-message">
        Correct, but this challenge is already solved: no more points.
      </p>
    );
  }
  return (
    <p role="status" className="state state-success form-message ctf-correct">
      Correct! +{result.points ?? 0} points.
      {result.firstBlood ? (
        <strong>
          {' '}
          <span aria-hidden="true">🩸</span> First blood: you are the first to solve it!
        </strong>
      ) : null}
    </p>
  );
}

function HintItem({
  hint,
  index,
  canPlay,
}: {
  readonly hint: CtfHint;
  readonly index: number;
  readonly canPlay: boolean;
}) {
  const unlock = useUnlockHint();
  const label = `Hint ${index + 1}`;
  if (hint.text !== null) {
    return (
      <li>
        <strong>{label}</strong>{' '}
        <span className="muted">
          ({hint.cost} points{hint.unlocked ? ', unlocked' : ''})
        </span>
        <p className="ctf-hint-text">{hint.text}</p>
      </li>
    );
  }
  return (
    <li>
      <strong>{label}</strong>{' '}
      {canPlay ? (
        <button
          type="button"
          className="button-secondary"
          disabled={unlock.isPending}
          onClick={() => {
            if (
              confirmAction(
                `Unlock ${label.toLowerCase()} for ${hint.cost} points? The cost is taken from your score.`,
              )
            )
              unlock.mutate(hint.id);
          }}
        >
          Unlock for {hint.cost} points
        </button>
      ) : (
        <span className="muted">costs {hint.cost} points</span>
      )}
      {unlock.error ? (
        <p role="alert" className="state state-error form-message">
          {playErrorMessage(unlock.error)}
        </p>
      ) : null}
    </li>
  );
}

function FlagForm({ submit }: { readonly submit: ReturnType<typeof useSubmitFlag> }) {
  const [flag, setFlag] = useState('');
  function send(event: FormEvent) {
    event.preventDefault();
    // A right flag is cleared at once: it must not linger in the page.
    submit.mutate(flag, { onSuccess: (result) => (result.correct ? setFlag('') : undefined) });
  }
  return (
    <form className="ctf-flag-form" onSubmit={send} aria-label="Submit a flag">
      <div className="form-row">
        <label className="grow">
          Flag
          <input
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={10_000}
            value={flag}
            onChange={(e) => setFlag(e.target.value)}
          />
        </label>
        <button type="submit" disabled={submit.isPending}>
          {submit.isPending ? 'Checking…' : 'Submit'}
        </button>
      </div>
    </form>
  );
}

/**
 * One challenge: its description (markdown as written, shown as text: the hub does not
 * render CTF markdown, so it is never HTML here), hints with their cost, the flag form
 * while the event runs; for security and admin, editing and deleting it.
 */
export function ChallengePanel({
  eventId,
  challenge,
  challenges,
  canPlay,
  manage,
}: {
  readonly eventId: string;
  readonly challenge: CtfChallenge;
  readonly challenges: readonly CtfChallenge[];
  readonly canPlay: boolean;
  readonly manage: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const submit = useSubmitFlag(challenge.id);
  const remove = useDeleteChallenge();
  const navigate = useNavigate();
  const titleOf = new Map(challenges.map((c) => [c.slug, c.title]));
  return (
    <section className="card ctf-panel" aria-labelledby="ctf-challenge-title">
      <div className="page-head">
        <h2 id="ctf-challenge-title">
          {challenge.title}
          {challenge.solvedByMe ? (
            <span className="ctf-check">
              {' '}
              <span aria-hidden="true">✓</span> solved
            </span>
          ) : null}
        </h2>
        <span className="ctf-value">{challenge.value} points</span>
      </div>
      <p className="muted">
        {challenge.category} · {challenge.solves} solve{challenge.solves === 1 ? '' : 's'} ·{' '}
        {challenge.scoring === 'dynamic'
          ? `dynamic: from ${challenge.points} down to ${challenge.minimum ?? 0} after ${challenge.decay ?? '?'} solves`
          : 'static'}{' '}
        · first blood +{challenge.firstBloodBonus}
      </p>
      {challenge.locked ? (
        <p className="state state-empty">
          <span aria-hidden="true">🔒</span> Locked: solve{' '}
          {challenge.prerequisites.map((s) => titleOf.get(s) ?? s).join(', ')} first.
        </p>
      ) : null}
      {challenge.description ? (
        <pre className="ctf-description">{challenge.description}</pre>
      ) : null}
      {challenge.hints.length > 0 ? (
        <>
          <h3>Hints</h3>
          <ul className="ctf-hints">
            {challenge.hints.map((h, i) => (
              <HintItem
                key={h.id}
                hint={h}
                index={i}
                canPlay={canPlay && !challenge.locked && !manage}
              />
            ))}
          </ul>
        </>
      ) : null}
      {canPlay && !challenge.locked ? (
        challenge.solvedByMe ? (
          <p className="muted">You have solved this challenge.</p>
        ) : (
          <FlagForm submit={submit} />
        )
      ) : null}
      <div aria-live="polite">
        {submit.data ? <ResultMessage result={submit.data} /> : null}
        {submit.error ? (
          <p role="alert" className="state state-error form-message">
            {playErrorMessage(submit.error)}
          </p>
        ) : null}
      </div>
      {manage ? (
        <div className="ctf-manage section-gap">
          <p className="muted">
            Flag: {challenge.flagKind ?? 'unknown'} (never shown) ·{' '}
            {challenge.published ? 'published' : 'unpublished'}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => setEditing((e) => !e)}
            >
              {editing ? 'Close the editor' : 'Edit challenge'}
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={remove.isPending}
              onClick={() => {
                if (confirmAction(`Delete the challenge "${challenge.title}" with its solves?`))
                  remove.mutate(challenge.id, {
                    onSuccess: () => navigate(`/ctf/${encodeURIComponent(eventId)}`),
                  });
              }}
            >
              Delete challenge
            </button>
          </div>
          <FormError error={remove.error} />
          {editing ? (
            <ChallengeForm
              key={challenge.id}
              eventId={eventId}
              challenge={challenge}
              challenges={challenges}
              onSaved={() => setEditing(false)}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
