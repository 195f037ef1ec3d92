import { type FormEvent, useId, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { useSaveChallenge } from './queries.js';
import type { ChallengeInput, CtfChallenge, FlagKind } from './types.js';

const FLAG_KINDS: Record<FlagKind, string> = {
  static: 'Exact text',
  case_insensitive: 'Text, any case',
  regex: 'Regular expression',
};

interface HintRow {
  readonly key: number;
  text: string;
  cost: string;
}

const toNumber = (s: string) => (s.trim() === '' ? undefined : Number(s));

/**
 * Adds a challenge to an event, or edits one (security and admin). The flag is typed in a
 * password field, sent once, and cleared: the hub stores a hash (or a regex pattern) and
 * never returns it, so an edit leaves the flag as it is unless a new one is typed.
 */
export function ChallengeForm({
  eventId,
  challenge,
  challenges,
  onSaved,
}: {
  readonly eventId: string;
  readonly challenge?: CtfChallenge;
  readonly challenges: readonly CtfChallenge[];
  readonly onSaved?: () => void;
}) {
  const id = useId();
  const save = useSaveChallenge(eventId, challenge?.id);
  const [slug, setSlug] = useState(challenge?.slug ?? '');
  const [title, setTitle] = useState(challenge?.title ?? '');
  const [category, setCategory] = useState(challenge?.category ?? '');
  const [description, setDescription] = useState(challenge?.description ?? '');
  const [scoring, setScoring] = useState<'static' | 'dynamic'>(challenge?.scoring ?? 'static');
  const [points, setPoints] = useState(String(challenge?.points ?? 100));
  const [minimum, setMinimum] = useState(String(challenge?.minimum ?? ''));
  const [decay, setDecay] = useState(String(challenge?.decay ?? ''));
  const [flagKind, setFlagKind] = useState<FlagKind>(challenge?.flagKind ?? 'static');
  const [flag, setFlag] = useState('');
  const [hints, setHints] = useState<HintRow[]>(
    (challenge?.hints ?? []).map((h, i) => ({ key: i, text: h.text ?? '', cost: String(h.cost) })),
  );
  const [nextKey, setNextKey] = useState(1000);
  const [prerequisites, setPrerequisites] = useState<string[]>([
    ...(challenge?.prerequisites ?? []),
  ]);
  const [published, setPublished] = useState(challenge?.published ?? true);
  const [done, setDone] = useState<string | undefined>();
  const editing = challenge !== undefined;

  function reset() {
    setSlug('');
    setTitle('');
    setCategory('');
    setDescription('');
    setScoring('static');
    setPoints('100');
    setMinimum('');
    setDecay('');
    setFlagKind('static');
    setHints([]);
    setPrerequisites([]);
    setPublished(true);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const typed = flag.trim() !== '';
    const input: ChallengeInput = {
      slug,
      title,
      category,
      description,
      scoring,
      points: Number(points),
      ...(scoring === 'dynamic'
        ? { minimum: toNumber(minimum) ?? null, decay: toNumber(decay) ?? null }
        : {}),
      ...(typed
        ? {
            flag:
              flagKind === 'regex'
                ? { kind: 'regex' as const, pattern: flag }
                : { kind: flagKind, value: flag },
          }
        : {}),
      hints: hints.map((h) => ({ text: h.text, cost: Number(h.cost) })),
      prerequisites,
      published,
    };
    save.mutate(input, {
      onSuccess: (saved) => {
        setFlag('');
        setDone(editing ? `Saved "${saved.title}".` : `Added "${saved.title}".`);
        if (!editing) reset();
        onSaved?.();
      },
    });
  }

  const others = challenges.filter((c) => c.id !== challenge?.id);
  const heading = editing ? `Edit ${challenge.title}` : 'Add a challenge';
  return (
    <form
      className="card admin-form section-gap ctf-challenge-form"
      onSubmit={submit}
      aria-labelledby={`${id}-h`}
    >
      <h2 id={`${id}-h`}>{heading}</h2>
      <div className="form-row">
        <label>
          Slug
          <input
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            title="lower-case letters and digits joined by dashes"
            maxLength={64}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
        </label>
        <label className="grow">
          Title
          <input
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Category
          <input
            required
            maxLength={64}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          />
        </label>
      </div>
      <label>
        Description <span className="optional muted">(markdown, shown as written)</span>
        <textarea
          rows={5}
          maxLength={20_000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <div className="form-row">
        <label>
          Scoring
          <select
            value={scoring}
            onChange={(e) => setScoring(e.target.value as 'static' | 'dynamic')}
          >
            <option value="static">Static</option>
            <option value="dynamic">Dynamic (falls with each solve)</option>
          </select>
        </label>
        <label>
          {scoring === 'dynamic' ? 'Initial points' : 'Points'}
          <input
            type="number"
            required
            min={0}
            max={100_000}
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
        </label>
        {scoring === 'dynamic' ? (
          <>
            <label>
              Minimum points
              <input
                type="number"
                required
                min={0}
                max={100_000}
                value={minimum}
                onChange={(e) => setMinimum(e.target.value)}
              />
            </label>
            <label>
              Decay (solves to reach the minimum)
              <input
                type="number"
                required
                min={1}
                max={100_000}
                value={decay}
                onChange={(e) => setDecay(e.target.value)}
              />
            </label>
          </>
        ) : null}
      </div>
      <div className="form-row">
        <label>
          Flag kind
          <select value={flagKind} onChange={(e) => setFlagKind(e.target.value as FlagKind)}>
            {(Object.keys(FLAG_KINDS) as FlagKind[]).map((k) => (
              <option key={k} value={k}>
                {FLAG_KINDS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {flagKind === 'regex' ? 'Flag pattern' : 'Flag'}
          {editing ? <span className="optional muted"> (empty keeps the current flag)</span> : null}
          <input
            type="password"
            autoComplete="new-password"
            required={!editing}
            maxLength={200}
            value={flag}
            onChange={(e) => setFlag(e.target.value)}
          />
        </label>
      </div>
      <fieldset>
        <legend>Hints</legend>
        {hints.length === 0 ? <p className="muted form-hint">No hints.</p> : null}
        {hints.map((h, i) => (
          <div key={h.key} className="form-row">
            <label className="grow">
              Hint {i + 1} text
              <input
                required
                maxLength={5_000}
                value={h.text}
                onChange={(e) =>
                  setHints((rows) =>
                    rows.map((r) => (r.key === h.key ? { ...r, text: e.target.value } : r)),
                  )
                }
              />
            </label>
            <label>
              Hint {i + 1} cost
              <input
                type="number"
                required
                min={0}
                max={100_000}
                value={h.cost}
                onChange={(e) =>
                  setHints((rows) =>
                    rows.map((r) => (r.key === h.key ? { ...r, cost: e.target.value } : r)),
                  )
                }
              />
            </label>
            <button
              type="button"
              className="button-ghost"
              onClick={() => setHints((rows) => rows.filter((r) => r.key !== h.key))}
            >
              Remove hint {i + 1}
            </button>
          </div>
        ))}
        <div>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setHints((rows) => [...rows, { key: nextKey, text: '', cost: '0' }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add a hint
          </button>
        </div>
      </fieldset>
      {others.length > 0 ? (
        <fieldset>
          <legend>Prerequisites (solve these first)</legend>
          {others.map((c) => (
            <label key={c.id} className="choice">
              <input
                type="checkbox"
                checked={prerequisites.includes(c.slug)}
                onChange={(e) =>
                  setPrerequisites((list) =>
                    e.target.checked ? [...list, c.slug] : list.filter((s) => s !== c.slug),
                  )
                }
              />
              {c.title} <span className="muted">({c.slug})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="choice">
        <input
          type="checkbox"
          checked={published}
          onChange={(e) => setPublished(e.target.checked)}
        />
        Published (players see it)
      </label>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save challenge' : 'Add challenge'}
        </button>
      </div>
      <FormError error={save.error} />
      <FormSuccess>{done}</FormSuccess>
    </form>
  );
}
