import { type FormEvent, useId, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { ApiError } from '../api/client.js';
import { useQuestionChange } from './queries.js';

/** A closed question's 409 says what to do; everything else is the hub's own message. */
export function deskError(error: unknown): unknown {
  if (error instanceof ApiError && error.code === 'QUESTION_CLOSED')
    return new ApiError(409, error.code, 'This question is closed: reopen it first.');
  return error;
}

/** Posts an answer or a follow-up (markdown) to a question. */
export function PostForm({
  questionId,
  kind,
}: {
  readonly questionId: string;
  readonly kind: 'answer' | 'follow-up';
}) {
  const change = useQuestionChange(questionId);
  const [body, setBody] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const id = useId();
  const heading = kind === 'answer' ? 'Answer' : 'Follow up';
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    change.mutate(
      { kind, body },
      {
        onSuccess: () => {
          setBody('');
          setDone(kind === 'answer' ? 'Your answer is posted.' : 'Your follow-up is posted.');
        },
      },
    );
  }
  return (
    <form className="card admin-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{heading}</h2>
      <label>
        {kind === 'answer' ? 'Your answer' : 'Your follow-up'}
        <textarea
          required
          rows={6}
          maxLength={20_000}
          value={body}
          aria-describedby={`${id}-md`}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <p id={`${id}-md`} className="muted small">
        Markdown is supported.
        {kind === 'follow-up'
          ? ' A follow-up is a comment; it cannot be accepted as the answer.'
          : ''}
      </p>
      <FormError error={deskError(change.error)} />
      <FormSuccess>{done}</FormSuccess>
      <div className="form-actions">
        <button type="submit" disabled={change.isPending || body.trim() === ''}>
          {change.isPending ? 'Posting…' : kind === 'answer' ? 'Post answer' : 'Post follow-up'}
        </button>
      </div>
    </form>
  );
}
