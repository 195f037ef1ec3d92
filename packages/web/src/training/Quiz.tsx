import { type FormEvent, useState } from 'react';
import { FormError } from '../account/forms.js';
import { ApiError } from '../api/client.js';
import { useSubmitAttempt } from './queries.js';
import type { AttemptResult, ModuleAnswer } from './types.js';

/**
 * A module's quiz: one fieldset per question with its choices as radios (the browser's own
 * keyboard handling: Tab between questions, arrows between choices). Submitting shows the
 * hub's grading: the score, passed or not, and per question the right choice and why.
 */
export function Quiz({ answer }: { readonly answer: ModuleAnswer }) {
  const { module, passMark } = answer;
  const submit = useSubmitAttempt(module.id);
  const [choices, setChoices] = useState<(number | undefined)[]>(() =>
    module.quiz.map(() => undefined),
  );
  const [missing, setMissing] = useState(false);
  const result = submit.data;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (choices.some((c) => c === undefined)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    submit.mutate(choices as number[]);
  }

  function reset() {
    setChoices(module.quiz.map(() => undefined));
    setMissing(false);
    submit.reset();
  }

  const tooMany =
    submit.error instanceof ApiError && submit.error.code === 'TOO_MANY_ATTEMPTS'
      ? submit.error.message
      : undefined;
  return (
    <form className="stack training-quiz" onSubmit={onSubmit} aria-label="Quiz" noValidate>
      {module.quiz.map((q, i) => {
        const graded = result?.results[i];
        return (
          <fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: the questions are fixed and ordered
            key={i}
            className={`card stack training-question${graded === undefined ? '' : graded.correct ? ' training-right' : ' training-wrong'}`}
          >
            <legend>
              {i + 1}. {q.question}
            </legend>
            {q.choices.map((c, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the choices are fixed and ordered
              <label key={j} className="training-choice">
                <input
                  type="radio"
                  name={`question-${i}`}
                  value={j}
                  checked={choices[i] === j}
                  disabled={result !== undefined || submit.isPending}
                  onChange={() => setChoices((all) => all.map((a, k) => (k === i ? j : a)))}
                />{' '}
                <span>{c}</span>
              </label>
            ))}
            {graded === undefined ? null : (
              <QuestionOutcome graded={graded} rightChoice={q.choices[graded.answer] ?? ''} />
            )}
          </fieldset>
        );
      })}
      {missing ? (
        <p role="alert" className="state state-error form-message">
          Answer every question first.
        </p>
      ) : null}
      {tooMany !== undefined ? (
        <p role="alert" className="state state-error form-message">
          Too many attempts: {tooMany}.
        </p>
      ) : (
        <FormError error={submit.error} />
      )}
      {result === undefined ? (
        <div className="form-actions">
          <button type="submit" disabled={submit.isPending}>
            {submit.isPending ? 'Submitting…' : 'Submit answers'}
          </button>
          <span className="muted small">
            Pass mark {passMark} % · {answer.attempts.remainingThisHour} attempts left this hour
          </span>
        </div>
      ) : (
        <AttemptOutcome result={result} onRetry={reset} />
      )}
    </form>
  );
}

function QuestionOutcome({
  graded,
  rightChoice,
}: {
  readonly graded: AttemptResult['results'][number];
  readonly rightChoice: string;
}) {
  return (
    <div className="training-outcome">
      <p>
        <strong>{graded.correct ? 'Right.' : 'Wrong.'}</strong>{' '}
        {graded.correct ? null : (
          <>
            The right answer: <span className="training-answer">{rightChoice}</span>
          </>
        )}
      </p>
      <p className="training-explanation">{graded.explanation}</p>
    </div>
  );
}

function AttemptOutcome({
  result,
  onRetry,
}: {
  readonly result: AttemptResult;
  readonly onRetry: () => void;
}) {
  return (
    <div
      role="status"
      className={`card stack training-result ${result.passed ? 'training-passed' : 'training-failed'}`}
    >
      <p>
        <strong>{result.passed ? 'Passed' : 'Not passed'}</strong>: {result.score} % (
        {result.correct} of {result.total} right; the pass mark is {result.passMark} %).
        {result.passed
          ? ' The module is completed.'
          : ' Read the explanations and the module again, then try again.'}
      </p>
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </div>
  );
}
