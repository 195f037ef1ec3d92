import { QUESTION_STATUS_LABELS, type QuestionStatus } from './types.js';

/** A question's status: open, escalated, answered, closed. */
export function QuestionStatusBadge({ status }: { readonly status: QuestionStatus }) {
  return (
    <span className={`badge desk-status-${status}`}>
      {QUESTION_STATUS_LABELS[status] ?? status}
    </span>
  );
}
