/** A container image reference, taken apart as Docker resolves it. */
export interface ImageRef {
  /** `docker.io` for Docker Hub. */
  readonly registry: string;
  /** The repository inside the registry; Docker Hub's official images are `library/<name>`. */
  readonly repository: string;
  /** `registry/repository`, lower-cased: what two references are compared by. */
  readonly canonical: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/**
 * Parses `[registry[:port]/]repository[:tag][@digest]`. The first component is a registry
 * when it has a `.` or a `:` or is `localhost` (Docker's rule); else the image is on Docker
 * Hub, where a one-component name is an official image under `library/`.
 */
export function parseImageRef(reference: string): ImageRef {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  let registry = 'docker.io';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  let repository = parts.join('/').toLowerCase();
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return {
    registry,
    repository,
    canonical: `${registry}/${repository}`,
    tag: tag || undefined,
    digest: digest || undefined,
  };
}

/** Whether a value matches a pattern that may end in `*` (a prefix match). */
export function matchesPattern(value: string, pattern: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/** The short name of an image (`node` for `registry.acme.io/base/node`). */
export function shortName(ref: ImageRef): string {
  return ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
}
