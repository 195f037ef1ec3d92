import type { DastResponse, Exchange } from '../../types.js';

/** The origin of a URL (`http://host:port`), or the URL itself when it does not parse. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Whether the response is an HTML document (by media type, or by sniffing an untyped body). */
export function isHtml(response: DastResponse): boolean {
  if (response.contentType === 'text/html' || response.contentType === 'application/xhtml+xml') {
    return true;
  }
  return response.contentType === '' && /^\s*<(?:!doctype html|html)[\s>]/i.test(response.body);
}

/** Whether the response succeeded (2xx): header checks ignore errors and redirects. */
export function isSuccess(response: DastResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** Whether the exchange went over HTTPS. */
export function isHttps(exchange: Exchange): boolean {
  return exchange.request.url.startsWith('https:');
}

/** A response header as a line for the finding's proof (`name: value`). */
export function headerLine(name: string, value: string): string {
  return `${name}: ${value}`;
}

/**
 * The `content` of `<meta http-equiv="…">` (or `<meta name="…">`) tags with that name, in
 * document order. Attribute order and quoting vary, so both orders are matched.
 */
export function metaContents(
  html: string,
  attribute: 'http-equiv' | 'name',
  value: string,
): string[] {
  const out: string[] = [];
  const head = html.slice(0, 100_000);
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = attributeOf(tag, attribute);
    if (key?.toLowerCase() !== value.toLowerCase()) continue;
    const content = attributeOf(tag, 'content');
    if (content !== undefined) out.push(content);
  }
  return out;
}

function attributeOf(tag: string, name: string): string | undefined {
  const re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
  const m = re.exec(tag);
  if (!m) return undefined;
  return m[1] ?? m[2] ?? m[3] ?? '';
}
