import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { FormSuccess } from '../account/forms.js';
import { ChangeError } from './ChangeError.js';
import { ECOSYSTEMS, hasImageList, hasLibraryList } from './policy.js';
import { useCatalogChange } from './queries.js';
import type { Catalog, PatchOp } from './types.js';

/** Only the non-empty (trimmed) fields, so the YAML gets no empty keys. */
function compact(entry: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value;
    } else if (value !== undefined && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/** A comma- or space-separated list. */
function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `append` to a list that exists; else `set` the list (the hub creates the parents). */
function addTo(exists: boolean, path: readonly (string | number)[], entry: unknown): PatchOp {
  return exists ? { op: 'append', path, value: entry } : { op: 'set', path, value: [entry] };
}

/** A new policy starts with its required `version`. */
function withVersion(catalog: Catalog, ops: PatchOp[]): PatchOp[] {
  return catalog.revision === null || catalog.policy === null
    ? [{ op: 'set', path: ['version'], value: 1 }, ...ops]
    : ops;
}

function ChangeForm({
  title,
  submitLabel,
  catalog,
  build,
  done,
  children,
}: {
  readonly title: string;
  readonly submitLabel: string;
  readonly catalog: Catalog;
  /** The edits and the revision comment, from the form's fields. */
  readonly build: () => { ops: PatchOp[]; comment: string };
  /** What the success message says, and clears the fields. */
  readonly done: () => string;
  readonly children: ReactNode;
}) {
  const change = useCatalogChange();
  const client = useQueryClient();
  const [success, setSuccess] = useState<string | null>(null);
  const headingId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(null);
    const { ops, comment } = build();
    change.mutate(
      { kind: 'patch', ops: withVersion(catalog, ops), comment, baseRevision: catalog.revision },
      {
        onSuccess: (next) => setSuccess(`${done()} Saved as revision ${next.revision ?? '—'}.`),
      },
    );
  };
  return (
    <form className="admin-form paved-form" aria-labelledby={headingId} onSubmit={onSubmit}>
      <h3 id={headingId}>{title}</h3>
      {children}
      <div className="form-actions">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : submitLabel}
        </button>
      </div>
      <ChangeError
        error={change.error}
        onReload={() => {
          change.reset();
          void client.invalidateQueries({ queryKey: ['paved-road'] });
        }}
      />
      <FormSuccess>{success}</FormSuccess>
    </form>
  );
}

function EcosystemSelect({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <label>
      Ecosystem
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        {ECOSYSTEMS.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Bans a library (optionally only some versions) with its replacement and the reason. */
export function BanLibraryForm({ catalog }: { readonly catalog: Catalog }) {
  const [ecosystem, setEcosystem] = useState('npm');
  const [name, setName] = useState('');
  const [versions, setVersions] = useState('');
  const [replacement, setReplacement] = useState('');
  const [reason, setReason] = useState('');
  return (
    <ChangeForm
      title="Ban a library"
      submitLabel="Ban library"
      catalog={catalog}
      build={() => ({
        ops: [
          addTo(
            hasLibraryList(catalog.policy, ecosystem, 'banned'),
            ['libraries', ecosystem, 'banned'],
            compact({ name, versions, replacement, reason }),
          ),
        ],
        comment: `Ban ${ecosystem} ${name.trim()}${versions.trim() ? ` ${versions.trim()}` : ''}`,
      })}
      done={() => {
        const what = `${name.trim()} is banned.`;
        setName('');
        setVersions('');
        setReplacement('');
        setReason('');
        return what;
      }}
    >
      <div className="form-row">
        <EcosystemSelect value={ecosystem} onChange={setEcosystem} />
        <label>
          Library name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={214} />
        </label>
        <label>
          Banned versions <span className="optional">(optional; default every version)</span>
          <input
            value={versions}
            onChange={(e) => setVersions(e.target.value)}
            placeholder="<4.17.21"
            className="mono"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Replacement
          <input
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
            placeholder="a package name, or free text"
          />
        </label>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
    </ChangeForm>
  );
}

/** Approves a library, with the versions to stay within, why and who owns it. */
export function ApproveLibraryForm({ catalog }: { readonly catalog: Catalog }) {
  const [ecosystem, setEcosystem] = useState('npm');
  const [name, setName] = useState('');
  const [versions, setVersions] = useState('');
  const [rationale, setRationale] = useState('');
  const [owner, setOwner] = useState('');
  return (
    <ChangeForm
      title="Approve a library"
      submitLabel="Approve library"
      catalog={catalog}
      build={() => ({
        ops: [
          addTo(
            hasLibraryList(catalog.policy, ecosystem, 'approved'),
            ['libraries', ecosystem, 'approved'],
            compact({ name, versions, rationale, owner }),
          ),
        ],
        comment: `Approve ${ecosystem} ${name.trim()}`,
      })}
      done={() => {
        const what = `${name.trim()} is approved.`;
        setName('');
        setVersions('');
        setRationale('');
        setOwner('');
        return what;
      }}
    >
      <div className="form-row">
        <EcosystemSelect value={ecosystem} onChange={setEcosystem} />
        <label>
          Library name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={214} />
        </label>
        <label>
          Approved versions <span className="optional">(optional)</span>
          <input
            value={versions}
            onChange={(e) => setVersions(e.target.value)}
            placeholder=">=4.21.2 <6"
            className="mono"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Rationale
          <input value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </label>
        <label>
          Owner
          <input value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
      </div>
    </ChangeForm>
  );
}

/** Approves a hardened base image: its digest, tags, update cadence, owner. */
export function ApproveImageForm({ catalog }: { readonly catalog: Catalog }) {
  const [image, setImage] = useState('');
  const [digest, setDigest] = useState('');
  const [tags, setTags] = useState('');
  const [replaces, setReplaces] = useState('');
  const [cadence, setCadence] = useState('');
  const [owner, setOwner] = useState('');
  const [rationale, setRationale] = useState('');
  return (
    <ChangeForm
      title="Approve a base image"
      submitLabel="Approve image"
      catalog={catalog}
      build={() => ({
        ops: [
          addTo(
            hasImageList(catalog.policy),
            ['baseImages', 'approved'],
            compact({
              image,
              tags: splitList(tags),
              digest,
              replaces: splitList(replaces),
              rationale,
              owner,
              updateCadence: cadence,
            }),
          ),
        ],
        comment: `Approve image ${image.trim()}`,
      })}
      done={() => {
        const what = `${image.trim()} is approved.`;
        setImage('');
        setDigest('');
        setTags('');
        setReplaces('');
        setCadence('');
        setOwner('');
        setRationale('');
        return what;
      }}
    >
      <div className="form-row">
        <label>
          Image <span className="optional">(with registry, no tag)</span>
          <input
            value={image}
            onChange={(e) => setImage(e.target.value)}
            required
            placeholder="cgr.dev/chainguard/node"
            className="mono"
          />
        </label>
        <label>
          Digest <span className="optional">(optional)</span>
          <input
            value={digest}
            onChange={(e) => setDigest(e.target.value)}
            pattern="sha256:[0-9a-f]{64}"
            title="sha256: and 64 hex digits"
            placeholder="sha256:…"
            className="mono"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          Tags <span className="optional">(comma-separated; default any)</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="20, 22" />
        </label>
        <label>
          Replaces <span className="optional">(public images)</span>
          <input
            value={replaces}
            onChange={(e) => setReplaces(e.target.value)}
            placeholder="node"
          />
        </label>
        <label>
          Update cadence
          <input value={cadence} onChange={(e) => setCadence(e.target.value)} placeholder="daily" />
        </label>
        <label>
          Owner
          <input value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
      </div>
      <label>
        Rationale
        <input value={rationale} onChange={(e) => setRationale(e.target.value)} />
      </label>
    </ChangeForm>
  );
}
