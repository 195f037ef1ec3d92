import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Empty } from '../ui/states.js';
import { CompletionBadge, LEVEL_LABELS, languageLabel, ModuleMeta } from './labels.js';
import { type CatalogAnswer, type CatalogFilter, LANGUAGES, LEVELS } from './types.js';

/** The catalog's filters; applied on submit (CWE, text) or on change (language, level). */
export function CatalogFilters({
  filter,
  onChange,
}: {
  readonly filter: CatalogFilter;
  readonly onChange: (next: CatalogFilter) => void;
}) {
  const [cwe, setCwe] = useState(filter.cwe ?? '');
  const [q, setQ] = useState(filter.q ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...filter, cwe: cwe.trim().toUpperCase() || undefined, q: q.trim() || undefined });
  }
  return (
    <form className="card form-row training-filters" onSubmit={submit} aria-label="Filter modules">
      <label>
        Search
        <input type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label>
        CWE
        <input
          value={cwe}
          maxLength={10}
          placeholder="CWE-89"
          pattern="[Cc][Ww][Ee]-[1-9][0-9]{0,4}"
          title='A CWE id such as "CWE-89"'
          onChange={(e) => setCwe(e.target.value)}
        />
      </label>
      <label>
        Language
        <select
          value={filter.language ?? ''}
          onChange={(e) => onChange({ ...filter, language: e.target.value || undefined })}
        >
          <option value="">Any</option>
          {LANGUAGES.filter((l) => l !== 'any').map((l) => (
            <option key={l} value={l}>
              {languageLabel(l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Level
        <select
          value={filter.level ?? ''}
          onChange={(e) => onChange({ ...filter, level: e.target.value || undefined })}
        >
          <option value="">Any</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="submit">Filter</button>
        <button
          type="button"
          className="button-ghost"
          onClick={() => {
            setCwe('');
            setQ('');
            onChange({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

/** The catalog's modules, each with its meta and the caller's status. */
export function CatalogList({ catalog }: { readonly catalog: CatalogAnswer }) {
  if (catalog.modules.length === 0) return <Empty>No module matches these filters.</Empty>;
  return (
    <ul className="training-list training-grid" aria-label="All modules">
      {catalog.modules.map((m) => (
        <li key={m.id} className="card stack training-item">
          <div className="training-item-head">
            <h3>
              <Link to={`/training/${encodeURIComponent(m.id)}`}>{m.title}</Link>
            </h3>
            <CompletionBadge status={m.status} />
          </div>
          <p>{m.summary}</p>
          <ModuleMeta module={m} />
          {m.source === 'organisation' ? (
            <p className="muted small">Written by your organisation.</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
