import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatCount, formatDateTime } from '../ui/format.js';
import { QuestionStatusBadge } from './StatusBadge.js';
import type { QuestionSummary } from './types.js';

/**
 * Questions as a list: title (a link), status, team, tags, who asked and when, answers.
 * `onTag` makes the tags filter buttons; `excerpt` adds a line under each (the knowledge base).
 */
export function QuestionList({
  questions,
  label,
  onTag,
  excerpt,
}: {
  readonly questions: readonly QuestionSummary[];
  readonly label: string;
  readonly onTag?: ((tag: string) => void) | undefined;
  readonly excerpt?: ((question: QuestionSummary) => ReactNode) | undefined;
}) {
  return (
    <ul className="desk-list" aria-label={label}>
      {questions.map((q) => (
        <li key={q.id} className="card desk-item">
          <div className="desk-item-head">
            <Link to={`/desk/questions/${encodeURIComponent(q.id)}`} className="desk-item-title">
              {q.title}
            </Link>
            <QuestionStatusBadge status={q.status} />
            {q.private ? <span className="badge desk-private">Private</span> : null}
          </div>
          {excerpt ? excerpt(q) : null}
          <p className="muted small desk-item-meta">
            {q.teamName} · asked by {q.author?.displayName ?? q.author?.username ?? 'a former user'}{' '}
            on {formatDateTime(q.createdAt)} · {formatCount(q.answerCount)}{' '}
            {q.answerCount === 1 ? 'answer' : 'answers'}
          </p>
          {q.tags.length > 0 ? (
            <ul className="tag-list" aria-label="Tags">
              {q.tags.map((tag) => (
                <li key={tag}>
                  {onTag ? (
                    <button
                      type="button"
                      className="tag"
                      aria-label={`Filter by tag ${tag}`}
                      onClick={() => onTag(tag)}
                    >
                      {tag}
                    </button>
                  ) : (
                    <span className="tag">{tag}</span>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
