/**
 * Where a finding is and what shows it: a code frame, a package and how it is brought in, or
 * the request and response of a running system. Every string here comes from scanned
 * content, so it is rendered as React text; a URL is text too (it is the target that was
 * attacked, not a place to send the user).
 */
import type { SecretInfo } from '../api/finding-types.js';
import type { Location } from '../api/types.js';

type CodeLocation = Extract<Location, { kind: 'code' }>;
type PackageLocation = Extract<Location, { kind: 'package' }>;
type UrlLocation = Extract<Location, { kind: 'url' }>;

/** The snippet's lines, numbered from the region's first line; the region's lines marked. */
export function frameLines(location: CodeLocation) {
  const start = location.region.startLine;
  const end = Math.max(start, location.region.endLine);
  const lines = (location.snippet ?? '').replace(/\r\n?/g, '\n').split('\n');
  // A snippet that ends with a newline has no extra, empty line.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map((text, i) => {
    const number = start + i;
    return { number, text, hit: number >= start && number <= end };
  });
}

function CodeEvidence({
  location,
  secret,
}: {
  readonly location: CodeLocation;
  readonly secret: SecretInfo | undefined;
}) {
  const { startLine, endLine, startColumn } = location.region;
  const lines = location.snippet === undefined ? [] : frameLines(location);
  const span =
    endLine > startLine
      ? `lines ${startLine}–${endLine}`
      : `line ${startLine}, column ${startColumn}`;
  return (
    <div className="stack evidence">
      <p className="mono evidence-path">
        {location.path}:{startLine}
      </p>
      {lines.length > 0 ? (
        <figure className="evidence-figure">
          <figcaption className="muted small">Flagged: {span}</figcaption>
          <pre className="code-frame">
            <code>
              {lines.map((line) => (
                <span key={line.number} className={line.hit ? 'line hit' : 'line'}>
                  <span className="ln">{line.number}</span>
                  <span className="lc">{line.text}</span>
                </span>
              ))}
            </code>
          </pre>
        </figure>
      ) : (
        <p className="muted">No code snippet was reported ({span}).</p>
      )}
      {secret ? (
        <dl className="facts">
          <dt>Secret (redacted)</dt>
          <dd className="mono">{secret.preview}</dd>
          {secret.validated ? (
            <>
              <dt>Verified live</dt>
              <dd>{secret.validated}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}

function PackageEvidence({ location }: { readonly location: PackageLocation }) {
  const path = location.dependencyPath ?? [];
  return (
    <div className="stack evidence">
      <dl className="facts">
        <dt>Package</dt>
        <dd className="mono">{location.name}</dd>
        <dt>Ecosystem</dt>
        <dd>{location.ecosystem}</dd>
        <dt>Version</dt>
        <dd className="mono">{location.version || '—'}</dd>
        <dt>Fixed in</dt>
        <dd className="mono">
          {location.fixedVersions.length > 0
            ? location.fixedVersions.join(', ')
            : 'No fixed version known'}
        </dd>
        <dt>Package URL</dt>
        <dd className="mono">{location.purl}</dd>
        <dt>Manifest</dt>
        <dd className="mono">
          {location.manifestPath}
          {location.line === undefined ? '' : `:${location.line}`}
        </dd>
        {location.direct !== undefined ? (
          <>
            <dt>Dependency</dt>
            <dd>
              {location.direct ? 'Direct' : 'Transitive'}
              {location.dev ? ', development only' : ''}
            </dd>
          </>
        ) : location.dev ? (
          <>
            <dt>Dependency</dt>
            <dd>Development only</dd>
          </>
        ) : null}
      </dl>
      {path.length > 0 ? (
        <div>
          <h3>Dependency path</h3>
          <ol className="dependency-path mono">
            {path.map((step, i) => (
              // The path can name a package twice (a cycle); the position keeps keys unique.
              // biome-ignore lint/suspicious/noArrayIndexKey: the order is the data
              <li key={i}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

function UrlEvidence({ location }: { readonly location: UrlLocation }) {
  const evidence = location.evidence;
  return (
    <div className="stack evidence">
      <dl className="facts">
        <dt>Method</dt>
        <dd className="mono">{location.method}</dd>
        <dt>URL</dt>
        <dd className="mono">{location.url}</dd>
        {location.parameter !== undefined ? (
          <>
            <dt>Parameter</dt>
            <dd className="mono">{location.parameter}</dd>
          </>
        ) : null}
      </dl>
      {evidence?.request !== undefined ? (
        <div>
          <h3>Request</h3>
          <pre>{evidence.request}</pre>
        </div>
      ) : null}
      {evidence?.response !== undefined ? (
        <div>
          <h3>Response</h3>
          <pre>{evidence.response}</pre>
        </div>
      ) : null}
      {evidence?.proof !== undefined ? (
        <div>
          <h3>Proof</h3>
          <pre>{evidence.proof}</pre>
        </div>
      ) : null}
      {evidence === undefined ? (
        <p className="muted">No request or response was recorded.</p>
      ) : null}
    </div>
  );
}

/** The evidence of a finding, by the kind of its location. */
export function Evidence({
  location,
  secret,
}: {
  readonly location: Location | null;
  readonly secret?: SecretInfo | undefined;
}) {
  if (location === null) return <p className="muted">No location was reported.</p>;
  switch (location.kind) {
    case 'code':
      return <CodeEvidence location={location} secret={secret} />;
    case 'package':
      return <PackageEvidence location={location} />;
    case 'url':
      return <UrlEvidence location={location} />;
    default:
      return <p className="muted">This kind of location cannot be shown.</p>;
  }
}
