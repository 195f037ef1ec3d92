import { pathToFileURL } from 'node:url';

/**
 * Percent-encodes a relative path as a URI reference (RFC 3986), keeping `/` as the
 * separator: `src/a b%.ts` → `src/a%20b%25.ts`.
 */
export function pathToUriReference(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      // encodeURIComponent leaves the sub-delims !'()* alone; RFC 3986 allows them in a
      // path, but encoding them too keeps every consumer's parser happy.
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

/** Decodes a URI reference written by {@link pathToUriReference}; malformed escapes stay as they are. */
export function uriReferenceToPath(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/**
 * The `file://` URI of a directory, with a trailing slash as `originalUriBaseIds` requires.
 * Accepts a URI (kept) or an absolute path (converted).
 * @example directoryUri('/home/me/app') === 'file:///home/me/app/'
 */
export function directoryUri(rootUriOrPath: string): string {
  const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(rootUriOrPath)
    ? (toAbsoluteUri(rootUriOrPath) ?? rootUriOrPath)
    : pathToFileURL(rootUriOrPath).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

const ABSOLUTE_URI =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/**
 * True when `value` is an absolute URI (a scheme, then only characters RFC 3986 allows, with
 * well-formed escapes), as SARIF's `format: uri` requires.
 */
export function isAbsoluteUri(value: string): boolean {
  return ABSOLUTE_URI.test(value);
}

/**
 * `value` as an absolute URI: itself when it is one, its WHATWG-normalised form when that
 * is one (`https://x.dev/a b` → `https://x.dev/a%20b`), else undefined.
 */
export function toAbsoluteUri(value: string): string | undefined {
  if (isAbsoluteUri(value)) return value;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return undefined;
  try {
    const href = new URL(value).href;
    return isAbsoluteUri(href) ? href : undefined;
  } catch {
    return undefined;
  }
}
