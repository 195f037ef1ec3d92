import { UsageError } from '@rampart/core';

/** What may be requested. */
export interface ScopeOptions {
  /** The start URL: its origin is in scope. */
  readonly start: string;
  /** Extra origins or URL prefixes that are in scope too. */
  readonly include?: readonly string[] | undefined;
  /** Patterns (`*` matches anything) of URLs never requested, e.g. `*\/logout*`. */
  readonly exclude?: readonly string[] | undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Decides which URLs the scanner may touch: the start URL's origin (scheme, host and port)
 * and `include` prefixes, minus `exclude` patterns. Only http and https.
 * @example const inScope = createScope({ start: 'http://127.0.0.1:3000/', exclude: ['*logout*'] });
 */
export function createScope(options: ScopeOptions): (url: string) => boolean {
  let origin: string;
  try {
    origin = new URL(options.start).origin;
  } catch {
    throw new UsageError(`"${options.start}" is not a URL`, {
      hint: 'give an absolute URL such as http://127.0.0.1:3000/',
    });
  }
  const prefixes = (options.include ?? []).map((p) => {
    try {
      return new URL(p).href;
    } catch {
      throw new UsageError(`--include "${p}" is not an absolute URL or origin`);
    }
  });
  const excludes = (options.exclude ?? []).map(globToRegExp);
  return (href: string) => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    url.hash = '';
    const inside =
      url.origin === origin ||
      prefixes.some((p) =>
        // A prefix covers whole path segments: `/api` covers `/api/users`, not `/apiary`.
        p.endsWith('/')
          ? url.href.startsWith(p) || `${url.href}/` === p
          : url.href === p || url.href.startsWith(`${p}/`) || url.href.startsWith(`${p}?`),
      );
    return inside && !excludes.some((re) => re.test(url.href));
  };
}

/** Whether a host name is this machine (loopback names and addresses). */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}
