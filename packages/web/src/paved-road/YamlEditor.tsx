import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormSuccess } from '../account/forms.js';
import { ChangeError } from './ChangeError.js';
import { useCatalogChange } from './queries.js';
import type { Catalog } from './types.js';

/** The offset in `text` of `line`:`column` (both 1-based). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

/**
 * The policy as YAML, for editors: the whole file in a textarea, saved with `PUT` against the
 * revision the text started from. While the text is unchanged it follows the catalog (a
 * form's change shows here); once edited, a save over someone else's revision is refused
 * (409) and the user is offered a reload.
 */
export function YamlEditor({ catalog }: { readonly catalog: Catalog }) {
  const client = useQueryClient();
  const change = useCatalogChange();
  const [text, setText] = useState(catalog.yaml);
  const [base, setBase] = useState(catalog.revision);
  const [comment, setComment] = useState('');
  const [success, setSuccess] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const dirty = text !== catalog.yaml || base !== catalog.revision;
  const edited = useRef(false);

  // Follow the catalog while the user has not typed.
  useEffect(() => {
    if (!edited.current) {
      setText(catalog.yaml);
      setBase(catalog.revision);
    }
  }, [catalog.yaml, catalog.revision]);

  const reload = () => {
    edited.current = false;
    change.reset();
    setSuccess(null);
    void client.invalidateQueries({ queryKey: ['paved-road'] }).then(() => {
      const current = client.getQueryData<Catalog>(['paved-road', 'catalog']);
      if (current) {
        setText(current.yaml);
        setBase(current.revision);
      }
    });
  };

  const goTo = (line: number, column: number) => {
    const el = area.current;
    if (el === null) return;
    const start = offsetOf(text, line, 1);
    const end = text.indexOf('\n', start);
    el.focus();
    el.setSelectionRange(offsetOf(text, line, column), end < 0 ? text.length : end);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(null);
    change.mutate(
      { kind: 'put', yaml: text, comment: comment.trim(), baseRevision: base },
      {
        onSuccess: (next) => {
          edited.current = false;
          setText(next.yaml);
          setBase(next.revision);
          setComment('');
          setSuccess(
            next.changed === false
              ? 'Nothing changed: the text is the current revision.'
              : `Saved as revision ${next.revision ?? '—'}.`,
          );
        },
      },
    );
  };

  return (
    <form className="stack paved-editor" aria-labelledby="paved-editor-title" onSubmit={onSubmit}>
      <h3 id="paved-editor-title">Edit the YAML</h3>
      <p className="muted small">
        The whole <code>paved-road.yml</code>; comments and order are kept. It is checked when you
        save{base === null ? '' : ` (editing revision ${base})`}.
      </p>
      <label>
        Policy YAML
        <textarea
          ref={area}
          className="mono paved-yaml"
          value={text}
          spellCheck={false}
          rows={Math.min(Math.max(text.split('\n').length + 1, 12), 40)}
          onChange={(e) => {
            edited.current = true;
            setText(e.target.value);
          }}
        />
      </label>
      <label>
        Comment <span className="optional">(what changed and why)</span>
        <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button-secondary" disabled={!dirty} onClick={reload}>
          Discard changes
        </button>
      </div>
      <ChangeError error={change.error} onReload={reload} onLine={goTo} />
      <FormSuccess>{success}</FormSuccess>
    </form>
  );
}
