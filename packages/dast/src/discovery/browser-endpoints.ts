import type { JsonValue } from '@rampart/core';
import { endpointFromUrl } from '../endpoint.js';
import type { DastResponse, Endpoint, Param } from '../types.js';

/** A form as the in-page scraper returns it (attributes read, never the clobberable properties). */
export interface ScrapedForm {
  /** Absolute action URL (the document's URL when the form has none). */
  readonly action: string;
  /** Lower-case `method` attribute, `''` when absent. */
  readonly method: string;
  /** Lower-case `enctype` attribute, `''` when absent. */
  readonly enctype: string;
  readonly fields: readonly {
    readonly name: string;
    readonly value: string;
    readonly type: string;
  }[];
}

/** What the in-page scraper returns for one frame. */
export interface ScrapedPage {
  readonly links: readonly string[];
  readonly forms: readonly ScrapedForm[];
}

/**
 * The scraper evaluated in each frame after the page settled. A source string rather than a
 * function because the package is compiled without the DOM types. It reads attributes with
 * `getAttribute` since a field named `action` or `method` shadows the form's properties, and it
 * walks open shadow roots so links rendered by web components are found too.
 */
export const SCRAPE_SCRIPT = `(() => {
  const links = new Set();
  const forms = [];
  const abs = (v) => { try { return new URL(v, document.baseURI).href; } catch { return ''; } };
  const visit = (root) => {
    for (const el of root.querySelectorAll('a[href], area[href]')) {
      const href = abs(el.getAttribute('href'));
      if (href) links.add(href);
    }
    for (const f of root.querySelectorAll('form')) {
      const fields = [];
      const seen = new Map();
      for (const el of f.querySelectorAll('input, select, textarea, button')) {
        const name = el.getAttribute('name');
        if (!name || el.hasAttribute('disabled')) continue;
        const tag = el.tagName.toLowerCase();
        const type = (el.getAttribute('type') || (tag === 'button' ? 'submit' : tag === 'input' ? 'text' : tag)).toLowerCase();
        if (type === 'reset' || type === 'image' || (tag === 'button' && type === 'button')) continue;
        let value = '';
        if (type === 'checkbox' || type === 'radio') value = el.getAttribute('value') ?? 'on';
        else if (type !== 'file') value = String(el.value ?? '');
        const field = { name, value, type };
        const at = seen.get(name);
        if (at === undefined) { seen.set(name, fields.length); fields.push(field); }
        else if ((type === 'radio' || type === 'checkbox') && el.checked) fields[at] = field;
      }
      forms.push({
        action: abs(f.getAttribute('action') || document.URL),
        method: (f.getAttribute('method') || '').toLowerCase(),
        enctype: (f.getAttribute('enctype') || '').toLowerCase(),
        fields,
      });
    }
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(document);
  return { links: [...links], forms };
})()`;

/**
 * The page a URL stands for: the fragment is dropped, except SPA hash routes (`#/x`, `#!/x`),
 * which render different views of one document and so count as distinct pages.
 * @example pageKey('http://h/a#top') // 'http://h/a'; pageKey('http://h/#/users') keeps '#/users'
 */
export function pageKey(href: string): string {
  const url = new URL(href);
  if (!/^#!?\//.test(url.hash)) url.hash = '';
  return url.href;
}

const NOT_A_PAGE =
  /\.(?:png|jpe?g|gif|svg|ico|webp|avif|bmp|tiff?|pdf|zip|gz|tgz|bz2|xz|rar|7z|tar|exe|msi|dmg|apk|iso|mp[34]|m4a|webm|ogg|wav|avi|mov|woff2?|ttf|eot|otf|css|m?js|map|json|xml|txt|csv|docx?|xlsx?|pptx?)$/i;

/** Whether a link is worth opening as a page (not an obvious download or static asset). */
export function looksLikePage(href: string): boolean {
  try {
    return !NOT_A_PAGE.test(new URL(href).pathname);
  } catch {
    return false;
  }
}

/** The media type of a content-type header, lower-case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function jsonParam(name: string, value: JsonValue): Param {
  return typeof value === 'string'
    ? { name, in: 'json', value }
    : { name, in: 'json', value: JSON.stringify(value), json: value };
}

function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request the page sent (XHR or fetch), as the crawler saw it. */
export interface ObservedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType?: string | undefined;
  readonly body?: string | undefined;
}

/**
 * The endpoint behind a request the page sent: query parameters from the URL, and body
 * parameters from a JSON object, a form-encoded or multipart body; XML bodies are kept raw.
 * @example endpointFromObservedRequest({ method: 'POST', url: 'http://h/api/login', contentType: 'application/json', body: '{"user":"a"}' })
 */
export function endpointFromObservedRequest(request: ObservedRequest): Endpoint {
  const base = endpointFromUrl(request.url, 'browser', request.method.toUpperCase());
  const body = request.body;
  if (body === undefined || body === '') return base;
  const type = mediaType(request.contentType);
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { ...base, bodyType: 'json' };
    }
    const params = isJsonObject(parsed)
      ? Object.entries(parsed).map(([name, value]) => jsonParam(name, value))
      : [];
    return { ...base, params: [...base.params, ...params], bodyType: 'json' };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params: Param[] = [...new URLSearchParams(body)].map(([name, value]) => ({
      name,
      in: 'form',
      value,
    }));
    return { ...base, params: [...base.params, ...params], bodyType: 'form' };
  }
  if (type === 'multipart/form-data') {
    return { ...base, params: [...base.params, ...multipartParams(body)], bodyType: 'multipart' };
  }
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) {
    return { ...base, bodyType: 'xml', rawBody: body };
  }
  return base;
}

/** The text fields of a multipart body (file parts keep their name with an empty value). */
function multipartParams(body: string): Param[] {
  const params: Param[] = [];
  const part =
    /content-disposition:\s*form-data;\s*name="([^"]*)"(;\s*filename="[^"]*")?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n--/gi;
  for (const m of body.matchAll(part)) {
    const name = m[1];
    if (name === undefined || params.some((p) => p.name === name)) continue;
    params.push({ name, in: 'form', value: m[2] === undefined ? (m[3] ?? '') : '' });
  }
  return params;
}

/**
 * The endpoint a scraped form submits to: fields become query parameters for GET forms (the
 * submission replaces the action's query) and form parameters otherwise. `undefined` for
 * `method="dialog"` forms, which send nothing.
 */
export function formEndpoint(form: ScrapedForm): Endpoint | undefined {
  const method = form.method === '' ? 'get' : form.method;
  if (method === 'dialog') return undefined;
  if (method !== 'post') {
    const url = new URL(form.action);
    url.search = '';
    url.hash = '';
    const params: Param[] = form.fields.map((f) => ({ name: f.name, in: 'query', value: f.value }));
    return { method: 'GET', url: url.href, params, source: 'browser' };
  }
  const base = endpointFromUrl(form.action, 'browser', 'POST');
  const params: Param[] = form.fields.map((f) => ({ name: f.name, in: 'form', value: f.value }));
  const multipart =
    form.enctype === 'multipart/form-data' || form.fields.some((f) => f.type === 'file');
  return {
    ...base,
    params: [...base.params, ...params],
    bodyType: multipart ? 'multipart' : 'form',
  };
}

/**
 * Request headers the browser manages itself or that the client must own: the transport ones,
 * the browser's user agent (the client sends the configured one) and cookies (merged with the
 * client's jar separately).
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
  'accept-encoding',
  'proxy-authorization',
  'proxy-connection',
  'user-agent',
  'cookie',
]);

/** The browser's request headers worth passing on to the target through the client. */
export function forwardedHeaders(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!DROPPED_REQUEST_HEADERS.has(lower) && !lower.startsWith(':')) out[lower] = value;
  }
  return out;
}

/**
 * One Cookie header from the client's jar and the browser's own cookies (those set by
 * scripts): the jar wins for a name both have, since it holds the session the scan logged in
 * with. `''` when there is none.
 * @example mergeCookies('sid=1', 'sid=old; theme=dark') // 'sid=1; theme=dark'
 */
export function mergeCookies(jar: string, browser: string | undefined): string {
  const parts = jar === '' ? [] : jar.split(/;\s*/);
  const names = new Set(parts.map((p) => p.split('=')[0]?.trim()));
  for (const p of (browser ?? '').split(/;\s*/)) {
    const name = p.split('=')[0]?.trim();
    if (p !== '' && name !== undefined && !names.has(name)) {
      names.add(name);
      parts.push(p);
    }
  }
  return parts.join('; ');
}

/** Response headers that no longer hold once the client decoded the body to text. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/**
 * The headers to fulfil the browser's request with: the response's, minus those describing the
 * encoded transfer; Set-Cookie values joined by newlines as Playwright expects, so scripts
 * reading `document.cookie` (CSRF tokens) still see them.
 */
export function fulfilledHeaders(response: DastResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) out[name] = value;
  }
  if (response.setCookies.length > 0) out['set-cookie'] = response.setCookies.join('\n');
  return out;
}
