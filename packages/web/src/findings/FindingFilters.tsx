import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ProjectInfo } from '../api/finding-types.js';
import type { Team } from '../api/types.js';
import { STATUS_LABELS } from '../ui/format.js';
import {
  ALLOWED,
  ANY_STATUS,
  type FindingFilters,
  hasFilters,
  isCweList,
  type ListKey,
  normalizeCwe,
  PAGE_SIZES,
  type TextKey,
} from './filters.js';
import { FINDING_STAGE_LABELS, SCANNER_LABELS, SEVERITY_LABELS } from './labels.js';

interface Choice {
  readonly value: string;
  readonly label: string;
}

const LABELS: Readonly<Record<ListKey, Readonly<Record<string, string>>>> = {
  severity: SEVERITY_LABELS,
  scanner: SCANNER_LABELS,
  status: STATUS_LABELS,
  stage: FINDING_STAGE_LABELS,
};

function choicesOf(key: ListKey): Choice[] {
  return ALLOWED[key].map((value) => ({ value, label: LABELS[key][value] ?? value }));
}

const SEVERITY_CHOICES: readonly Choice[] = [
  { value: '', label: 'Any severity' },
  ...choicesOf('severity'),
  { value: 'critical,high', label: 'High and above' },
  { value: 'critical,high,medium', label: 'Medium and above' },
];
const STATUS_CHOICES: readonly Choice[] = [
  ...choicesOf('status'),
  { value: 'false_positive,risk_accepted', label: 'Triaged (false positive or accepted)' },
  { value: ANY_STATUS, label: 'Any status' },
];
const SCANNER_CHOICES: readonly Choice[] = [
  { value: '', label: 'Any scanner' },
  ...choicesOf('scanner'),
];
const STAGE_CHOICES: readonly Choice[] = [{ value: '', label: 'Any stage' }, ...choicesOf('stage')];

/** A select of one value; a value from the URL that is none of the choices is shown too. */
function FilterSelect({
  label,
  value,
  choices,
  describe,
  onChange,
}: {
  readonly label: string;
  readonly value: string;
  readonly choices: readonly Choice[];
  readonly describe?: (value: string) => string;
  readonly onChange: (value: string) => void;
}) {
  const all =
    value === '' || choices.some((c) => c.value === value)
      ? choices
      : [...choices, { value, label: describe ? describe(value) : value }];
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A text filter that applies itself a moment after typing stops (replacing the history
 * entry, so Back does not step through keystrokes), or at once on Enter.
 */
function TextFilter({
  label,
  value,
  placeholder,
  hint,
  ready,
  normalize,
  onCommit,
  inputRef,
}: {
  readonly label: string;
  readonly value: string;
  readonly placeholder: string;
  readonly hint?: string;
  /** Whether a typed value is complete enough to apply without Enter. */
  readonly ready: (value: string) => boolean;
  /** How the URL will spell a typed value. */
  readonly normalize: (value: string) => string;
  readonly onCommit: (value: string, replace: boolean) => void;
  readonly inputRef: RefObject<HTMLInputElement | null>;
}) {
  const hintId = useId();
  const [text, setText] = useState(value);
  const committed = useRef(value);
  // The latest callbacks, so that re-renders (the list loading) do not restart the timer.
  const latest = useRef({ ready, normalize, onCommit });
  useEffect(() => {
    latest.current = { ready, normalize, onCommit };
  });
  // Follow the URL when it changes from elsewhere (Back, "Clear filters"), not while typing.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    const wanted = latest.current.normalize(text);
    if (wanted === committed.current || !latest.current.ready(text)) return;
    const timer = window.setTimeout(() => {
      committed.current = wanted;
      latest.current.onCommit(text, true);
    }, 500);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <label>
      {label}
      <input
        ref={inputRef}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        maxLength={200}
        spellCheck={false}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      {hint ? (
        <span id={hintId} className="visually-hidden">
          {hint}
        </span>
      ) : null}
    </label>
  );
}

const cweReady = isCweList;
const searchReady = () => true;
const trim = (v: string) => v.trim();

/** The filter bar of the findings list. Every change goes to the URL. */
export function FindingFiltersBar({
  filters,
  projects,
  teams,
  onList,
  onText,
  onLimit,
}: {
  readonly filters: FindingFilters;
  readonly projects: readonly ProjectInfo[] | undefined;
  readonly teams: readonly Team[] | undefined;
  readonly onList: (key: ListKey, values: readonly string[]) => void;
  readonly onText: (changes: Partial<Record<TextKey, string>>, replace?: boolean) => void;
  readonly onLimit: (limit: number) => void;
}) {
  const cweRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listValue = (values: readonly string[]) => values.join(',');
  const fromList = (value: string) => (value === '' ? [] : value.split(','));
  const describeList = (key: ListKey) => (value: string) =>
    value
      .split(',')
      .map((v) => LABELS[key][v] ?? v)
      .join(', ');

  const teamChoices: Choice[] = [
    { value: '', label: 'Any team' },
    ...(teams ?? []).map((t) => ({ value: t.id, label: t.name })),
  ];
  const visibleProjects = (projects ?? []).filter(
    (p) => filters.team === '' || p.teamId === filters.team,
  );
  const projectChoices: Choice[] = [
    { value: '', label: 'Any project' },
    ...visibleProjects.map((p) => ({ value: p.id, label: p.name })),
  ];

  function submit(event: FormEvent) {
    event.preventDefault();
    onText({
      cwe: cweRef.current?.value ?? filters.cwe,
      q: searchRef.current?.value ?? filters.q,
    });
  }

  return (
    <search>
      <form className="toolbar findings-filters" onSubmit={submit}>
        <TextFilter
          label="Search"
          value={filters.q}
          placeholder="Title, rule, path or package…"
          ready={searchReady}
          normalize={trim}
          onCommit={(v, replace) => onText({ q: v }, replace)}
          inputRef={searchRef}
        />
        <FilterSelect
          label="Severity"
          value={listValue(filters.severity)}
          choices={SEVERITY_CHOICES}
          describe={describeList('severity')}
          onChange={(v) => onList('severity', fromList(v))}
        />
        <FilterSelect
          label="Status"
          value={filters.status.length === 0 ? ANY_STATUS : listValue(filters.status)}
          choices={STATUS_CHOICES}
          describe={describeList('status')}
          onChange={(v) => onList('status', v === ANY_STATUS ? [] : fromList(v))}
        />
        <FilterSelect
          label="Scanner"
          value={listValue(filters.scanner)}
          choices={SCANNER_CHOICES}
          describe={describeList('scanner')}
          onChange={(v) => onList('scanner', fromList(v))}
        />
        <FilterSelect
          label="Stage"
          value={listValue(filters.stage)}
          choices={STAGE_CHOICES}
          describe={describeList('stage')}
          onChange={(v) => onList('stage', fromList(v))}
        />
        <FilterSelect
          label="Team"
          value={filters.team}
          choices={teamChoices}
          onChange={(v) => onText({ team: v })}
        />
        <FilterSelect
          label="Project"
          value={filters.project}
          choices={projectChoices}
          onChange={(v) => onText({ project: v })}
        />
        <TextFilter
          label="CWE"
          value={filters.cwe}
          placeholder="CWE-89"
          hint="One or more CWE ids such as CWE-89, separated by commas; press Enter to apply."
          ready={cweReady}
          normalize={normalizeCwe}
          onCommit={(v, replace) => onText({ cwe: v }, replace)}
          inputRef={cweRef}
        />
        <label>
          Per page
          <select value={filters.limit} onChange={(e) => onLimit(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div className="findings-filter-actions">
          <button type="submit" className="button-secondary">
            Apply
          </button>
          {hasFilters(filters) ? (
            <Link to="/findings" className="button button-ghost">
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
    </search>
  );
}
