import { useState } from 'react';
import { diagramPath } from './queries.js';

/**
 * The hub's data-flow diagram of a revision, as an image (an SVG in an `<img>` runs no
 * script and loads nothing else), in a panel that scrolls when the diagram is larger.
 */
export function Diagram({
  projectId,
  revision,
  name,
}: {
  readonly projectId: string;
  readonly revision: number;
  readonly name: string;
}) {
  const src = diagramPath(projectId, revision);
  // The state belongs to one image: a new revision starts loading again.
  const [state, setState] = useState<{ src: string; status: 'loaded' | 'failed' } | null>(null);
  const status = state?.src === src ? state.status : 'loading';
  return (
    <div className="stack">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable from the keyboard */}
      <section className="tm-diagram" aria-label="Diagram (scrollable)" tabIndex={0}>
        {status === 'loading' ? (
          <p className="state state-loading" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            Drawing the diagram…
          </p>
        ) : null}
        {status === 'failed' ? (
          <p className="state state-error" role="alert">
            <strong>Could not load the diagram.</strong> The threat list beside it is complete.
          </p>
        ) : null}
        <img
          key={src}
          src={src}
          alt={`Data-flow diagram of ${name}`}
          hidden={status === 'failed'}
          onLoad={() => setState({ src, status: 'loaded' })}
          onError={() => setState({ src, status: 'failed' })}
        />
      </section>
      <p className="muted small tm-diagram-legend">
        Elements by type, data flows with their protocol and data (unencrypted ones dashed), trust
        boundaries as boxes, and each element's open threats in its badge.{' '}
        <a href={src} target="_blank" rel="noopener noreferrer">
          Open the diagram on its own
        </a>
      </p>
    </div>
  );
}
