import { useId, useState } from 'react';

/**
 * A metric's definition, one hover (or focus, or tap) away: a small "?" button that shows a
 * tooltip. Keyboard users reach it with Tab; Escape hides it.
 */
export function Definition({
  term,
  children,
}: {
  readonly term: string;
  readonly children: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span className="definition">
      <button
        type="button"
        className="definition-button"
        aria-label={`What is ${term}?`}
        aria-describedby={id}
        aria-expanded={open}
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        ?
      </button>
      <span role="tooltip" id={id} className="definition-text" hidden={!open}>
        {children}
      </span>
    </span>
  );
}
