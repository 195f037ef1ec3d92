import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A secret the hub shows once (an API token, a webhook secret, a generated password): in a
 * readonly input with a Copy button and a warning. It lives only in React state: never in
 * the URL, storage or logs, and is gone once dismissed.
 */
export function OneTimeSecret({
  title,
  label,
  value,
  onDismiss,
  children,
}: {
  readonly title: string;
  readonly label: string;
  readonly value: string;
  readonly onDismiss: () => void;
  readonly children?: ReactNode;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'select'>('idle');

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      // No clipboard access (an insecure context, a denied permission): select the text so
      // the user can copy it with the keyboard.
      input.current?.focus();
      input.current?.select();
      setCopyState('select');
    }
  }

  return (
    <section className="secret-once" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`}>{title}</h3>
      <p className="secret-warning">
        <strong>Copy it now: it will not be shown again.</strong> The hub keeps only what it needs
        to check it, and nobody can show it to you later.
      </p>
      {children}
      <label htmlFor={inputId}>{label}</label>
      <div className="secret-row">
        <input
          id={inputId}
          ref={input}
          className="mono"
          readOnly
          value={value}
          autoComplete="off"
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="muted secret-copy-state" aria-live="polite">
        {copyState === 'copied'
          ? 'Copied to the clipboard.'
          : copyState === 'select'
            ? 'The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.'
            : ''}
      </p>
      <button type="button" className="button-secondary" onClick={onDismiss}>
        I have copied it, hide it
      </button>
    </section>
  );
}
