import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import type { ThreatDecision, ThreatStatus } from './types.js';

/** What each decision asks for, and what its form and button say. */
export const DECISIONS: Readonly<
  Record<
    ThreatStatus,
    {
      readonly action: string;
      readonly field: string;
      readonly required: boolean;
      readonly hint: string;
    }
  >
> = {
  mitigated: {
    action: 'Mark mitigated',
    field: 'Evidence',
    required: true,
    hint: 'What mitigates it: a control, a test, a pull request.',
  },
  accepted: {
    action: 'Accept',
    field: 'Reason',
    required: true,
    hint: 'Why the team accepts this threat without mitigating it.',
  },
  open: {
    action: 'Reopen',
    field: 'Note',
    required: false,
    hint: 'Optional: why it is open again.',
  },
};

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Not found, or you do not have access to it.';
    return error.message;
  }
  return 'Something went wrong.';
}

/** The decision `status` with the text the user wrote. */
function decisionOf(status: ThreatStatus, text: string): ThreatDecision {
  if (status === 'mitigated') return { status, evidence: text };
  if (status === 'accepted') return { status, reason: text };
  return text === '' ? { status } : { status, note: text };
}

/**
 * The form of one decision about a threat: one labelled text box (evidence, reason or an
 * optional note), Save and Cancel; focuses the text box, Escape cancels, and the hub's
 * refusal is shown in the form.
 */
export function DecisionForm({
  status,
  threatTitle,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  readonly status: ThreatStatus;
  readonly threatTitle: string;
  readonly busy: boolean;
  readonly error: unknown;
  readonly onSubmit: (decision: ThreatDecision) => void;
  readonly onCancel: () => void;
}) {
  const spec = DECISIONS[status];
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const hintId = useId();
  const errorId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const message = invalid ?? (error ? errorText(error) : null);
  return (
    <form
      className="tm-decision-form stack"
      aria-label={`${spec.action}: ${threatTitle}`}
      noValidate
      aria-busy={busy}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (busy) return;
        const value = text.trim();
        if (spec.required && value === '') {
          setInvalid(`Write the ${spec.field.toLowerCase()} first.`);
          ref.current?.focus();
          return;
        }
        setInvalid(null);
        onSubmit(decisionOf(status, value));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label>
        {spec.field}
        <textarea
          ref={ref}
          name={spec.field.toLowerCase()}
          rows={3}
          maxLength={2000}
          required={spec.required}
          aria-invalid={invalid !== null}
          aria-describedby={message ? `${hintId} ${errorId}` : hintId}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span id={hintId} className="muted small">
          {spec.hint}
        </span>
      </label>
      {message ? (
        <p id={errorId} role="alert" className="state state-error">
          {message}
        </p>
      ) : null}
      <div className="form-row">
        <button type="submit" disabled={busy}>
          {spec.action}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
        {busy ? (
          <span className="muted" role="status">
            Saving…
          </span>
        ) : null}
      </div>
    </form>
  );
}
