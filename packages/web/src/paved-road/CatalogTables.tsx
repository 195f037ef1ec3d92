import type { ReactNode } from 'react';
import { SafeLink } from '../ui/SafeLink.js';
import type { ImageRow, LibraryRow, PolicyView } from './policy.js';
import type { PatchOp } from './types.js';

/** `—` for an absent value. */
function Opt({ value }: { readonly value: string | undefined }) {
  return value === undefined || value === '' ? <span className="muted">—</span> : value;
}

function Section({
  id,
  title,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly children: ReactNode;
}) {
  return (
    <section className="card paved-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function RemoveButton({
  label,
  op,
  onRemove,
  busy,
}: {
  readonly label: string;
  readonly op: PatchOp;
  readonly onRemove: ((op: PatchOp, what: string) => void) | undefined;
  readonly busy: boolean;
}) {
  if (onRemove === undefined) return null;
  return (
    <td>
      <button
        type="button"
        className="button-ghost"
        disabled={busy}
        aria-label={`Remove ${label}`}
        onClick={() => onRemove(op, label)}
      >
        Remove
      </button>
    </td>
  );
}

function LibraryTable({
  kind,
  rows,
  onRemove,
  busy,
}: {
  readonly kind: 'approved' | 'banned';
  readonly rows: readonly LibraryRow[];
  readonly onRemove: ((op: PatchOp, what: string) => void) | undefined;
  readonly busy: boolean;
}) {
  const caption = kind === 'approved' ? 'Approved libraries' : 'Banned libraries';
  if (rows.length === 0) return <p className="muted">No {caption.toLowerCase()}.</p>;
  return (
    <div className="table-wrap">
      <table aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">Ecosystem</th>
            <th scope="col">Library</th>
            <th scope="col">Versions</th>
            {kind === 'approved' ? (
              <>
                <th scope="col">Rationale</th>
                <th scope="col">Owner</th>
              </>
            ) : (
              <>
                <th scope="col">Replacement</th>
                <th scope="col">Reason</th>
                <th scope="col">Severity</th>
              </>
            )}
            {onRemove ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.ecosystem}/${row.index}`}>
              <td>{row.ecosystem}</td>
              <td>
                <code>{row.name}</code>
              </td>
              <td>
                {row.versions === undefined ? (
                  <span className="muted">every version</span>
                ) : (
                  <code>{row.versions}</code>
                )}
              </td>
              {kind === 'approved' ? (
                <>
                  <td className="wrap">
                    <Opt value={row.rationale} />
                  </td>
                  <td>
                    <Opt value={row.owner} />
                  </td>
                </>
              ) : (
                <>
                  <td className="wrap">
                    <Opt value={row.replacement} />
                  </td>
                  <td className="wrap">
                    <Opt value={row.reason} />
                  </td>
                  <td>
                    <Opt value={row.severity ?? 'medium'} />
                  </td>
                </>
              )}
              <RemoveButton
                label={`${kind} library ${row.ecosystem} ${row.name}`}
                op={{ op: 'delete', path: ['libraries', row.ecosystem, kind, row.index] }}
                onRemove={onRemove}
                busy={busy}
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImageTable({
  rows,
  onRemove,
  busy,
}: {
  readonly rows: readonly ImageRow[];
  readonly onRemove: ((op: PatchOp, what: string) => void) | undefined;
  readonly busy: boolean;
}) {
  if (rows.length === 0) return <p className="muted">No approved base images.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Approved base images">
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col">Digest</th>
            <th scope="col">Tags</th>
            <th scope="col">Update cadence</th>
            <th scope="col">Owner</th>
            <th scope="col">Replaces</th>
            <th scope="col">Rationale</th>
            {onRemove ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index}>
              <td>
                <code>{row.image}</code>
              </td>
              <td className="paved-digest">
                {row.digest ? (
                  <code title={row.digest}>{row.digest}</code>
                ) : (
                  <Opt value={undefined} />
                )}
              </td>
              <td>
                {row.tags.length > 0 ? row.tags.join(', ') : <span className="muted">any</span>}
              </td>
              <td>
                <Opt value={row.updateCadence} />
              </td>
              <td>
                <Opt value={row.owner} />
              </td>
              <td>
                <Opt value={row.replaces.join(', ')} />
              </td>
              <td className="wrap">
                <Opt value={row.rationale} />
              </td>
              <RemoveButton
                label={`base image ${row.image}`}
                op={{ op: 'delete', path: ['baseImages', 'approved', row.index] }}
                onRemove={onRemove}
                busy={busy}
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The catalog's sections as tables. `onRemove` (editors only) asks to delete an entry; the
 * caller confirms and PATCHes.
 */
export function CatalogTables({
  view,
  onRemove,
  busy = false,
}: {
  readonly view: PolicyView;
  readonly onRemove?: ((op: PatchOp, what: string) => void) | undefined;
  readonly busy?: boolean;
}) {
  return (
    <div className="stack paved-tables">
      <Section id="paved-libraries-banned" title="Banned libraries">
        <LibraryTable kind="banned" rows={view.bannedLibraries} onRemove={onRemove} busy={busy} />
      </Section>
      <Section id="paved-libraries-approved" title="Approved libraries">
        <LibraryTable
          kind="approved"
          rows={view.approvedLibraries}
          onRemove={onRemove}
          busy={busy}
        />
      </Section>
      <Section id="paved-images" title="Base images">
        <p className="muted">
          {view.requireDigest
            ? 'Every FROM must pin a digest (@sha256:…).'
            : 'Digests are not required.'}
        </p>
        <ImageTable rows={view.images} onRemove={onRemove} busy={busy} />
        <h4>Approved registries</h4>
        {view.registries.length === 0 ? (
          <p className="muted">No registry is approved as a whole.</p>
        ) : (
          <ul className="tag-list" aria-label="Approved registries">
            {view.registries.map((r) => (
              <li key={r} className="tag">
                <code>{r}</code>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="paved-pipeline" title="Pipeline templates">
        {view.pipelines.length === 0 ? (
          <p className="muted">The policy names no pipeline template.</p>
        ) : (
          <dl className="facts paved-pipeline">
            {view.pipelines.map((p) => (
              <div key={p.ci}>
                <dt>{p.ci === 'github' ? 'GitHub Actions' : 'GitLab CI'}</dt>
                <dd>
                  {p.fields.map(([key, value]) => (
                    <div key={key}>
                      <span className="muted">{key}:</span> <code>{value}</code>
                    </div>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </Section>
      <Section id="paved-scanners" title="Required scanners">
        {view.scanners.length === 0 ? (
          <p className="muted">The policy requires no scanners.</p>
        ) : (
          <ul className="tag-list" aria-label="Required scanners">
            {view.scanners.map((s) => (
              <li key={s} className="tag">
                {s}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {view.docs ? (
        <p>
          The road&apos;s documentation: <SafeLink href={view.docs} />
        </p>
      ) : null}
    </div>
  );
}
