import { Link } from 'react-router';
import { withQuery } from '../api/client.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { diffLines } from './policy.js';
import { useRevision, useRevisions } from './queries.js';
import type { DiffPart, RevisionDetail, UserRef } from './types.js';

function who(author: UserRef | null): string {
  return author === null ? 'a removed user' : (author.displayName ?? author.username ?? author.id);
}

/** Unchanged lines kept around each change; longer unchanged runs are folded. */
const CONTEXT = 3;

type Line = { kind: DiffPart['kind']; text: string } | { kind: 'fold'; count: number };

/** The diff as lines, long unchanged runs folded to {@link CONTEXT} lines each side. */
function lines(diff: readonly DiffPart[]): Line[] {
  const out: Line[] = [];
  diff.forEach((part, i) => {
    const texts = diffLines(part.text);
    if (part.kind !== 'same' || texts.length <= CONTEXT * 2 + 1) {
      for (const text of texts) out.push({ kind: part.kind, text });
      return;
    }
    const head = i === 0 ? [] : texts.slice(0, CONTEXT);
    const tail = i === diff.length - 1 ? [] : texts.slice(-CONTEXT);
    for (const text of head) out.push({ kind: 'same', text });
    out.push({ kind: 'fold', count: texts.length - head.length - tail.length });
    for (const text of tail) out.push({ kind: 'same', text });
  });
  return out;
}

/**
 * A revision's line diff: additions and removals are `<ins>`/`<del>` with a `+`/`−` marker in
 * the text, so the change reads without colour (and screen readers announce it).
 */
export function RevisionDiff({ detail }: { readonly detail: RevisionDetail }) {
  const all = lines(detail.diff ?? []);
  const changed = all.some((l) => l.kind === 'add' || l.kind === 'remove');
  return (
    <section className="paved-diff-section" aria-labelledby="paved-diff-title">
      <h4 id="paved-diff-title">
        Revision {detail.revision}: {detail.comment ?? 'no comment'}
      </h4>
      <p className="muted small">
        By {who(detail.author)} on {formatDateTime(detail.createdAt)} · sha256{' '}
        <code>{detail.sha256.slice(0, 12)}</code>
      </p>
      {!changed ? (
        <Empty>
          {detail.diff === null
            ? 'The diff is too large to show.'
            : 'No lines changed against the previous revision.'}
        </Empty>
      ) : (
        <pre className="paved-diff">
          {all.map((line, i) => {
            const key = `${i}`;
            if (line.kind === 'fold') {
              return (
                <span key={key} className="paved-diff-line paved-diff-fold">
                  {`  … ${line.count} unchanged lines …`}
                  {'\n'}
                </span>
              );
            }
            if (line.kind === 'add') {
              return (
                <ins key={key} className="paved-diff-line paved-diff-add">
                  {`+ ${line.text}`}
                  {'\n'}
                </ins>
              );
            }
            if (line.kind === 'remove') {
              return (
                <del key={key} className="paved-diff-line paved-diff-remove">
                  {`− ${line.text}`}
                  {'\n'}
                </del>
              );
            }
            return (
              <span key={key} className="paved-diff-line">
                {`  ${line.text}`}
                {'\n'}
              </span>
            );
          })}
        </pre>
      )}
    </section>
  );
}

/** The catalog's revisions, newest first, and the selected one's diff (`?revision=N`). */
export function History({ selected }: { readonly selected: number | undefined }) {
  const revisions = useRevisions();
  const detail = useRevision(selected);
  return (
    <div className="stack">
      <QueryView query={revisions} label="Loading history…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No revision yet: the catalog is empty.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="Revisions">
                <thead>
                  <tr>
                    <th scope="col">Revision</th>
                    <th scope="col">Comment</th>
                    <th scope="col">Author</th>
                    <th scope="col">Date</th>
                    <th scope="col">Lines</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr
                      key={r.revision}
                      className={r.revision === selected ? 'paved-current' : undefined}
                    >
                      <td>
                        <Link
                          to={withQuery('/paved-road', { revision: r.revision })}
                          aria-current={r.revision === selected ? 'true' : undefined}
                          aria-label={`Revision ${r.revision}`}
                          preventScrollReset
                        >
                          #{r.revision}
                        </Link>
                      </td>
                      <td className="wrap">{r.comment ?? <span className="muted">—</span>}</td>
                      <td>{who(r.author)}</td>
                      <td className="nowrap">{formatDateTime(r.createdAt)}</td>
                      <td className="nowrap">
                        <span aria-hidden="true">
                          <span className="paved-added">+{r.added}</span>{' '}
                          <span className="paved-removed">−{r.removed}</span>
                        </span>
                        <span className="visually-hidden">
                          {`${r.added} lines added, ${r.removed} removed`}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {selected === undefined ? (
        <p className="muted">Choose a revision to see what it changed.</p>
      ) : (
        <QueryView query={detail} label="Loading the revision…">
          {(d) => <RevisionDiff detail={d} />}
        </QueryView>
      )}
    </div>
  );
}
