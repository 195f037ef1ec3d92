import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { FormError } from '../account/forms.js';
import { useMe } from '../api/session.js';
import { Markdown } from '../desk/Markdown.js';
import { deskError, PostForm } from '../desk/PostForm.js';
import {
  canAnswerDesk,
  canFollowUpDesk,
  canSetPrivateDesk,
  canSettleDesk,
} from '../desk/permissions.js';
import { useQuestion, useQuestionChange } from '../desk/queries.js';
import { QuestionStatusBadge } from '../desk/StatusBadge.js';
import type { DeskPerson, DeskPost, QuestionDetail } from '../desk/types.js';
import { formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

const personName = (p: DeskPerson | null) => p?.displayName || p?.username || 'a former user';

/** Answers and follow-ups together, oldest first. */
function postsInOrder(question: QuestionDetail): DeskPost[] {
  return [...question.answers, ...question.followUps].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
}

function QuestionView({ question }: { readonly question: QuestionDetail }) {
  const me = useMe();
  const change = useQuestionChange(question.id);
  const closed = question.status === 'closed';
  const settle = canSettleDesk(me, question);
  const posts = postsInOrder(question);
  const escalation =
    question.escalatedAt === null
      ? null
      : `Escalated to the security team ${formatDateTime(question.escalatedAt)}${
          question.escalationReason === 'no_champion'
            ? ' (the team has no champion)'
            : question.escalationReason === 'timeout'
              ? ' (no answer in time)'
              : ''
        }.`;
  return (
    <article className="stack desk-question">
      <header className="stack">
        <h1>{question.title}</h1>
        <div className="finding-badges">
          <QuestionStatusBadge status={question.status} />
          {question.private ? <span className="badge desk-private">Private</span> : null}
          <span className="muted small">
            {question.teamName} · asked by {personName(question.author)} on{' '}
            {formatDateTime(question.createdAt)}
          </span>
        </div>
        {question.tags.length > 0 ? (
          <ul className="tag-list" aria-label="Tags">
            {question.tags.map((tag) => (
              <li key={tag}>
                <Link className="tag" to={`/desk?tag=${encodeURIComponent(tag)}`}>
                  {tag}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {escalation ? <p className="muted small">{escalation}</p> : null}
      </header>

      <section className="card stack" aria-label="Question">
        {question.body.trim() === '' ? (
          <p className="muted">No details were given.</p>
        ) : (
          <Markdown html={question.bodyHtml} />
        )}
        {question.findingId || question.projectId ? (
          <p className="small">
            About{' '}
            {question.findingId ? (
              <Link to={`/findings/${encodeURIComponent(question.findingId)}`}>the finding</Link>
            ) : null}
            {question.findingId && question.projectId ? ' in ' : null}
            {question.projectId ? (
              <Link to={`/projects/${encodeURIComponent(question.projectId)}`}>the project</Link>
            ) : null}
            .
          </p>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="desk-posts">
        <h2 id="desk-posts">
          {question.answers.length === 1 ? '1 answer' : `${question.answers.length} answers`}
          {question.followUps.length > 0
            ? `, ${question.followUps.length} follow-up${question.followUps.length === 1 ? '' : 's'}`
            : ''}
        </h2>
        {posts.length === 0 ? <p className="muted">No answers yet.</p> : null}
        <ol className="desk-posts">
          {posts.map((post) => (
            <li
              key={post.id}
              className={`card stack desk-post desk-post-${post.kind}${post.accepted ? ' desk-accepted' : ''}`}
              aria-label={`${post.kind === 'answer' ? 'Answer' : 'Follow-up'} by ${personName(post.author)}`}
            >
              <div className="desk-post-head">
                <span className="badge desk-kind">
                  {post.kind === 'answer' ? 'Answer' : 'Follow-up'}
                </span>
                {post.accepted ? (
                  <span className="badge desk-accepted-badge">✓ Accepted answer</span>
                ) : null}
                <span className="muted small">
                  {personName(post.author)} · {formatDateTime(post.createdAt)}
                  {post.editedAt ? ` · edited ${formatDateTime(post.editedAt)}` : ''}
                </span>
              </div>
              <Markdown html={post.bodyHtml} />
              {post.kind === 'answer' && !post.accepted && settle && !closed ? (
                <div>
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={change.isPending}
                    onClick={() => change.mutate({ kind: 'accept', answerId: post.id })}
                  >
                    Accept this answer
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {settle || canSetPrivateDesk(me, question) ? (
        <section className="card stack" aria-labelledby="desk-manage">
          <h2 id="desk-manage">Manage</h2>
          <div className="form-actions">
            {settle && !closed ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() => change.mutate({ kind: 'patch', change: { status: 'closed' } })}
              >
                Close
              </button>
            ) : null}
            {settle && (closed || question.status === 'answered') ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() => change.mutate({ kind: 'patch', change: { status: 'open' } })}
              >
                Reopen
              </button>
            ) : null}
            {canSetPrivateDesk(me, question) ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() =>
                  change.mutate({ kind: 'patch', change: { private: !question.private } })
                }
              >
                {question.private ? 'Make public' : 'Make private'}
              </button>
            ) : null}
          </div>
          <p className="muted small">
            Closing ends the discussion (an accepted answer stays in the knowledge base); reopening
            sets the accepted answer aside and the question waits again. Private questions never
            enter the knowledge base.
          </p>
          <FormError error={deskError(change.error)} />
        </section>
      ) : null}

      {closed ? (
        <p className="muted">This question is closed: reopen it to answer or follow up.</p>
      ) : (
        <>
          {canAnswerDesk(me, question.teamId) ? (
            <PostForm questionId={question.id} kind="answer" />
          ) : null}
          {canFollowUpDesk(me, question) ? (
            <PostForm questionId={question.id} kind="follow-up" />
          ) : null}
        </>
      )}
    </article>
  );
}

/** `/desk/questions/:id`: one question, its answers and follow-ups, and what the user may do. */
function DeskQuestionPage() {
  const { id = '' } = useParams();
  const question = useQuestion(id);
  useTitle(question.data?.title ?? 'Question');
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to="/desk">← Question desk</Link>
      </nav>
      <QueryView query={question} label="Loading the question…">
        {(q) => <QuestionView question={q} />}
      </QueryView>
    </div>
  );
}

export default DeskQuestionPage;
