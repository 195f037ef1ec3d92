import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormError, FormSuccess } from '../account/forms.js';
import { Markdown } from '../desk/Markdown.js';
import { formatDateTime } from '../ui/format.js';
import { useRespond } from './queries.js';
import {
  FEEDBACK_KIND_LABELS,
  FEEDBACK_STATUS_LABELS,
  FEEDBACK_TRANSITIONS,
  type FeedbackStatus,
  type RuleFeedback,
  rulePath,
} from './types.js';

export function FeedbackStatusBadge({ status }: { readonly status: FeedbackStatus }) {
  return (
    <span className={`badge rule-feedback-status rule-feedback-${status}`}>
      {FEEDBACK_STATUS_LABELS[status]}
    </span>
  );
}

/** Security's answer to a piece of feedback: a next status (the hub's moves) and a response. */
function RespondForm({ feedback }: { readonly feedback: RuleFeedback }) {
  const respond = useRespond(feedback.id);
  const next = FEEDBACK_TRANSITIONS[feedback.status];
  const [status, setStatus] = useState<FeedbackStatus | ''>(next[0] ?? '');
  const [response, setResponse] = useState(feedback.response ?? '');
  const [done, setDone] = useState(false);
  const [nothing, setNothing] = useState(false);
  const closing = status === 'fixed' || status === 'wont_fix';

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const text = response.trim();
    const body = {
      ...(status === '' ? {} : { status }),
      ...(text !== '' && text !== (feedback.response ?? '') ? { response: text } : {}),
    };
    setNothing(Object.keys(body).length === 0);
    if (Object.keys(body).length > 0)
      respond.mutate(body, {
        onSuccess: () => {
          setDone(true);
          // The feedback's status changed: offer its next moves, not the one just made.
          setStatus('');
        },
      });
  }

  return (
    <form
      className="admin-form rule-respond"
      aria-label={`Respond to feedback by ${feedback.author?.username ?? 'someone'}`}
      onSubmit={submit}
    >
      <div className="form-row">
        <label>
          New status
          <select value={status} onChange={(e) => setStatus(e.target.value as FeedbackStatus | '')}>
            <option value="">Keep {FEEDBACK_STATUS_LABELS[feedback.status]}</option>
            {next.map((s) => (
              <option key={s} value={s}>
                {FEEDBACK_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Response{closing ? ' (required)' : ''}
        <textarea
          rows={3}
          maxLength={5000}
          required={closing}
          value={response}
          onChange={(e) => setResponse(e.target.value)}
        />
      </label>
      <FormError error={respond.error} />
      <FormSuccess>{done ? 'Response saved.' : nothing ? 'Nothing changed.' : null}</FormSuccess>
      <div className="form-actions">
        <button type="submit" disabled={respond.isPending}>
          {respond.isPending ? 'Saving…' : 'Respond'}
        </button>
      </div>
    </form>
  );
}

/**
 * One piece of feedback: who filed what, and security's answer (the channel back to the
 * champion). `canRespond`: the respond form for security and admin.
 */
export function FeedbackItem({
  feedback,
  canRespond,
  showRule = false,
}: {
  readonly feedback: RuleFeedback;
  readonly canRespond: boolean;
  readonly showRule?: boolean;
}) {
  return (
    <li className="card stack rule-feedback-item">
      <div className="rule-feedback-head">
        <span className="badge rule-feedback-kind">{FEEDBACK_KIND_LABELS[feedback.kind]}</span>
        <FeedbackStatusBadge status={feedback.status} />
        <span className="muted small">
          {feedback.author?.username ?? 'someone'} for {feedback.teamName},{' '}
          {formatDateTime(feedback.createdAt)}
        </span>
        {showRule ? (
          <Link className="mono small" to={rulePath(feedback.scanner, feedback.ruleId)}>
            {feedback.scanner}/{feedback.ruleId}
          </Link>
        ) : null}
        {feedback.findingId ? (
          <Link className="small" to={`/findings/${encodeURIComponent(feedback.findingId)}`}>
            The finding
          </Link>
        ) : null}
      </div>
      <Markdown html={feedback.bodyHtml} />
      {feedback.responseHtml !== null ? (
        <section className="rule-response" aria-label="Security’s response">
          <p className="small">
            <strong>Response</strong>
            {feedback.respondedBy ? ` from ${feedback.respondedBy.username}` : ''}
            {feedback.respondedAt ? `, ${formatDateTime(feedback.respondedAt)}` : ''}
          </p>
          <Markdown html={feedback.responseHtml} />
        </section>
      ) : (
        <p className="muted small">No response yet.</p>
      )}
      {canRespond ? <RespondForm feedback={feedback} /> : null}
    </li>
  );
}
