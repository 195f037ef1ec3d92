import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormError, FormSuccess } from '../account/forms.js';
import { formatDateTime } from '../ui/format.js';
import { DRAFT_STATUS_LABELS } from './DraftList.js';
import { useChangeDraft, useCtfEventChoices, usePublishDraft } from './queries.js';
import type { DraftChange, HistoryDraft } from './types.js';

/** The snippet with its lines numbered, the vulnerable one marked. */
function NumberedSnippet({ snippet, line }: { readonly snippet: string; readonly line: number }) {
  const lines = snippet.split('\n');
  return (
    <figure className="ctfh-figure">
      <figcaption className="muted">
        As players will see it (the vulnerable line marked):
      </figcaption>
      <pre className="ctfh-code">
        {lines.map((text, i) => (
          // Lines are positions in a fixed text: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={i} className={i + 1 === line ? 'ctfh-line ctfh-line-marked' : 'ctfh-line'}>
            <span className="ctfh-gutter" aria-hidden="true">
              {String(i + 1).padStart(String(lines.length).length)}
            </span>
            {text}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

/**
 * A draft under review: what the anonymiser replaced, the reviewer's notes, the editable
 * snippet (numbered below), vulnerable line, CWE, title and description; Approve / Reject
 * (or Reopen); and, once approved, Publish into an event. Only a `draft` is editable: an
 * approved draft is frozen.
 */
export function DraftEditor({
  draft,
  manage,
}: {
  readonly draft: HistoryDraft;
  readonly manage: boolean;
}) {
  const [snippet, setSnippet] = useState(draft.snippet);
  const [line, setLine] = useState(String(draft.line));
  const [cwe, setCwe] = useState(draft.cwe);
  const [title, setTitle] = useState(draft.title);
  const [description, setDescription] = useState(draft.description);
  const [done, setDone] = useState<string | null>(null);
  const change = useChangeDraft(draft.id);
  const editable = manage && draft.status === 'draft';

  const edits = (): DraftChange => ({
    ...(snippet !== draft.snippet ? { snippet } : {}),
    ...(Number(line) !== draft.line ? { line: Number(line) } : {}),
    ...(cwe !== draft.cwe ? { cwe } : {}),
    ...(title !== draft.title ? { title } : {}),
    ...(description !== draft.description ? { description } : {}),
  });
  const send = (body: DraftChange, message: string) => {
    setDone(null);
    change.mutate(body, { onSuccess: () => setDone(message) });
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    send(edits(), 'Draft saved.');
  };

  return (
    <section className="card stack section-gap" aria-labelledby="ctfh-draft-title">
      <div className="page-head">
        <h2 id="ctfh-draft-title">{draft.title}</h2>
        <span className={`badge ctfh-status-${draft.status}`}>
          {DRAFT_STATUS_LABELS[draft.status] ?? draft.status}
        </span>
      </div>
      <p className="ctfh-summary">
        <strong>Anonymisation:</strong> {draft.replacementSummary}.
      </p>
      {draft.notes.length > 0 ? (
        <ul className="ctfh-notes">
          {draft.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <p className="muted">
        Created {formatDateTime(draft.createdAt)}
        {draft.createdBy ? ` by ${draft.createdBy.name}` : ''}
        {draft.reviewedBy && draft.reviewedAt
          ? `; reviewed ${formatDateTime(draft.reviewedAt)} by ${draft.reviewedBy.name}`
          : ''}
        .
      </p>

      <form className="admin-form" onSubmit={save} aria-label="Edit the draft">
        <label>
          Snippet (anonymised)
          <textarea
            className="ctfh-snippet"
            rows={Math.min(20, Math.max(4, snippet.split('\n').length + 1))}
            value={snippet}
            readOnly={!editable}
            spellCheck={false}
            onChange={(e) => setSnippet(e.target.value)}
          />
        </label>
        <NumberedSnippet snippet={snippet} line={Number(line)} />
        <div className="form-row">
          <label>
            Vulnerable line
            <input
              type="number"
              min={1}
              max={snippet.split('\n').length}
              required
              value={line}
              readOnly={!editable}
              onChange={(e) => setLine(e.target.value)}
            />
          </label>
          <label>
            CWE
            <input
              required
              pattern="[Cc][Ww][Ee]-[1-9][0-9]*"
              value={cwe}
              readOnly={!editable}
              onChange={(e) => setCwe(e.target.value)}
            />
          </label>
          <label className="grow">
            Title
            <input
              required
              maxLength={200}
              value={title}
              readOnly={!editable}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
        </div>
        <label>
          Description
          <textarea
            rows={3}
            required
            value={description}
            readOnly={!editable}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <p className="muted">
          Players answer{' '}
          <code>
            L{line || '?'}:{cwe || 'CWE-?'}
          </code>{' '}
          (case-insensitive).
        </p>
        {manage ? (
          <div className="form-actions">
            {editable ? (
              <>
                <button type="submit" className="button-secondary" disabled={change.isPending}>
                  Save
                </button>
                <button
                  type="button"
                  disabled={change.isPending}
                  onClick={() => send({ ...edits(), action: 'approve' }, 'Draft approved.')}
                >
                  Approve
                </button>
              </>
            ) : null}
            {draft.status === 'draft' || draft.status === 'approved' ? (
              <button
                type="button"
                className="button-ghost"
                disabled={change.isPending}
                onClick={() => send({ action: 'reject' }, 'Draft rejected.')}
              >
                Reject
              </button>
            ) : null}
            {draft.status === 'rejected' ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() => send({ action: 'reopen' }, 'Draft reopened.')}
              >
                Reopen
              </button>
            ) : null}
          </div>
        ) : null}
        <FormError error={change.error} />
        <FormSuccess>{done}</FormSuccess>
      </form>

      {manage && draft.status === 'approved' ? <PublishForm draft={draft} /> : null}
      {draft.status === 'published' && draft.challengeId && draft.eventId ? (
        <p>
          Published:{' '}
          <Link
            to={`/ctf/${encodeURIComponent(draft.eventId)}/challenges/${encodeURIComponent(draft.challengeId)}`}
          >
            open the challenge
          </Link>
          .
        </p>
      ) : null}
    </section>
  );
}

/** Publishes an approved draft into an event, with its points. */
function PublishForm({ draft }: { readonly draft: HistoryDraft }) {
  const events = useCtfEventChoices();
  const publish = usePublishDraft(draft.id);
  const [eventId, setEventId] = useState('');
  const [points, setPoints] = useState('100');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({ eventId, points: Number(points) });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="ctfh-publish">
      <h3 id="ctfh-publish">Publish to an event</h3>
      <div className="form-row">
        <label>
          Event
          <select required value={eventId} onChange={(e) => setEventId(e.target.value)}>
            <option value="">Choose an event…</option>
            {(events.data ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.status})
              </option>
            ))}
          </select>
        </label>
        <label>
          Points
          <input
            type="number"
            min={0}
            max={100000}
            required
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
        </label>
        <button type="submit" disabled={publish.isPending}>
          {publish.isPending ? 'Publishing…' : 'Publish'}
        </button>
      </div>
      <FormError error={publish.error ?? events.error} />
      <FormSuccess>{publish.isSuccess ? 'Challenge published.' : null}</FormSuccess>
    </form>
  );
}
