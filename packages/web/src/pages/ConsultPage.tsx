import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormError } from '../account/forms.js';
import { isOrgReader, isSecurityOrAdmin, roleInTeam } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { ConsultStatusBadge, SlaBadge } from '../consults/Badges.js';
import { ConsultActions } from '../consults/ConsultActions.js';
import { ConsultHistory } from '../consults/ConsultHistory.js';
import {
  useConsult,
  useConsultChange,
  useConsultComment,
  useConsultOwners,
} from '../consults/queries.js';
import { type ConsultDetail, isClosedStatus, KIND_LABELS } from '../consults/types.js';
import { Markdown } from '../desk/Markdown.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { SafeLink } from '../ui/SafeLink.js';
import { QueryView } from '../ui/states.js';

function CommentForm({ consult }: { readonly consult: ConsultDetail }) {
  const comment = useConsultComment(consult.id);
  const [text, setText] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    comment.mutate(text, { onSuccess: () => setText('') });
  }
  return (
    <form className="admin-form" aria-label="Comment" onSubmit={submit}>
      <label>
        Comment
        <textarea
          required
          rows={4}
          maxLength={5000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <p className="muted small">Markdown is supported; raw HTML is shown as text.</p>
      <FormError error={comment.error} />
      <div className="form-actions">
        <button type="submit" disabled={comment.isPending}>
          {comment.isPending ? 'Posting…' : 'Post comment'}
        </button>
      </div>
    </form>
  );
}

function CancelButton({ consult }: { readonly consult: ConsultDetail }) {
  const change = useConsultChange(consult.id);
  return (
    <div className="stack">
      <div className="form-actions">
        <button
          type="button"
          className="button-danger"
          disabled={change.isPending}
          onClick={() => {
            if (confirmAction(`Cancel the consult for ${consult.service}? It cannot be reopened.`))
              change.mutate({ status: 'cancelled' });
          }}
        >
          Cancel this consult
        </button>
      </div>
      <FormError error={change.error} />
    </div>
  );
}

function ConsultView({ consult }: { readonly consult: ConsultDetail }) {
  const me = useMe();
  const security = isSecurityOrAdmin(me);
  const owners = useConsultOwners(isOrgReader(me));
  const speaks =
    security || consult.requestedBy?.id === me.id || roleInTeam(me, consult.teamId) === 'champion';
  const closed = isClosedStatus(consult.status);
  const nameOf = (id: string) => {
    if (id === me.id) return `${me.username} (me)`;
    if (consult.owner?.id === id) return consult.owner.username;
    return owners.data?.find((u) => u.id === id)?.username ?? 'a security user';
  };
  const tm = consult.outcomeThreatModel;

  return (
    <article className="stack consult-page">
      <header className="stack">
        <h1>{consult.service}</h1>
        <div className="consult-badges">
          <span className="badge consult-kind">{KIND_LABELS[consult.kind]}</span>
          <ConsultStatusBadge status={consult.status} />
          <SlaBadge state={consult.sla.state} closed={closed} />
        </div>
      </header>

      <div className="consult-layout">
        <div className="stack consult-main">
          <section className="card stack" aria-labelledby="consult-description">
            <h2 id="consult-description">Description</h2>
            <Markdown html={consult.descriptionHtml} />
            {consult.links.length > 0 ? (
              <>
                <h3>Links</h3>
                <ul className="references">
                  {consult.links.map((href, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: links may repeat
                    <li key={i}>
                      <SafeLink href={href} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          {consult.outcomeHtml !== null || tm !== null ? (
            <section className="card stack" aria-labelledby="consult-outcome">
              <h2 id="consult-outcome">Outcome</h2>
              {consult.outcomeHtml !== null ? <Markdown html={consult.outcomeHtml} /> : null}
              {tm !== null ? (
                <p>
                  <Link to={`/projects/${encodeURIComponent(tm.projectId)}/threat-model`}>
                    Threat model, revision {tm.revision}
                  </Link>
                </p>
              ) : null}
            </section>
          ) : null}

          <section className="card stack" aria-labelledby="consult-history">
            <h2 id="consult-history">History</h2>
            <ConsultHistory consult={consult} nameOf={nameOf} />
            {speaks ? (
              <CommentForm consult={consult} />
            ) : (
              <p className="muted small">
                The requester, the team&apos;s champion and the security team comment here.
              </p>
            )}
          </section>
        </div>

        <aside className="stack consult-side" aria-label="Details and actions">
          <section className="card stack" aria-labelledby="consult-facts">
            <h2 id="consult-facts">Details</h2>
            <dl className="facts">
              <dt>Team</dt>
              <dd>
                <Link to={`/teams/${encodeURIComponent(consult.teamId)}`}>{consult.teamName}</Link>
              </dd>
              {consult.projectId ? (
                <>
                  <dt>Project</dt>
                  <dd>
                    <Link to={`/projects/${encodeURIComponent(consult.projectId)}`}>
                      The project
                    </Link>
                  </dd>
                </>
              ) : null}
              <dt>Requested</dt>
              <dd>
                {formatDateTime(consult.createdAt)} by {consult.requestedBy?.username ?? '—'}
              </dd>
              <dt>Wanted by</dt>
              <dd>{formatDate(consult.wantedBy)}</dd>
              <dt>Owner</dt>
              <dd>{consult.owner?.username ?? 'nobody'}</dd>
              <dt>Due</dt>
              <dd>
                {formatDate(consult.sla.completionDueAt)}
                {consult.dueAt === null ? (
                  <span className="muted small"> (the SLA target)</span>
                ) : null}
              </dd>
              <dt>First response due</dt>
              <dd>
                {formatDateTime(consult.sla.triageDueAt)}
                {consult.triagedAt ? (
                  <span className="muted small">
                    {' '}
                    (responded {formatDateTime(consult.triagedAt)})
                  </span>
                ) : null}
              </dd>
              {consult.closedAt ? (
                <>
                  <dt>Closed</dt>
                  <dd>{formatDateTime(consult.closedAt)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          {security ? <ConsultActions consult={consult} /> : null}
          {!security && speaks && !closed ? <CancelButton consult={consult} /> : null}
        </aside>
      </div>
    </article>
  );
}

/** `/consults/:id`: a consult, its history, and what the user may do with it. */
function ConsultPage() {
  const { id = '' } = useParams();
  const query = useConsult(id);
  useTitle(query.data ? `Consult: ${query.data.service}` : 'Consult');
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to="/consults">← Consults</Link>
      </nav>
      <QueryView query={query} label="Loading the consult…">
        {(consult) => <ConsultView consult={consult} />}
      </QueryView>
    </div>
  );
}

export default ConsultPage;
