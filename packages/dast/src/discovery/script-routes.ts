import type { JsonValue } from '@rampart/core';

/** A request a script makes, as far as its source shows. */
export interface ScriptRoute {
  /** Absolute URL. */
  readonly url: string;
  readonly method: string;
  /** Property names and literal values of a JSON body built inline (`JSON.stringify({...})`). */
  readonly json?: Readonly<Record<string, JsonValue>> | undefined;
  /** A literal XML body sent with an XML content type. */
  readonly xml?: string | undefined;
}

const CALL =
  /(?:\b(?:fetch|axios(?:\.(get|post|put|patch|delete))?|open)|\$\.(get|post|ajax))\(\s*(?:['"`]([A-Z]+)['"`]\s*,\s*)?['"`]([^'"`\s]{1,300})['"`]\s*(?:,\s*(\{[\s\S]{0,600}?\})\s*\))?/g;
// Segments each end with `/` but the last, so there is one way to split a path: the old
// `(?:x+\/?)*` form backtracked exponentially on a long unterminated literal.
const PATH_LITERAL =
  /['"`](\/(?:[\w\-.~%!$&'()*+,;=:@]+\/)*[\w\-.~%!$&'()*+,;=:@]*(?:\?[^'"`\s<>]*)?)['"`]/g;
const STRING_PROP =
  /['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?|true|false|null))/g;

function absolute(path: string, base: string): string | undefined {
  try {
    const url = new URL(path, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * `isData`: the text is the body object itself (axios.post's second argument). `jquery`:
 * jQuery sends a plain object form-encoded, so only an explicit `JSON.stringify` is JSON.
 */
function literalObject(
  text: string,
  isData: boolean,
  jquery: boolean,
): Record<string, JsonValue> | undefined {
  const body =
    /JSON\.stringify\(\s*(\{[^{}]*\})/.exec(text)?.[1] ??
    (jquery ? undefined : /\bdata\s*:\s*(\{[^{}]*\})/.exec(text)?.[1]) ??
    (isData && /^\{[^{}]*\}$/.test(text) ? text : undefined);
  if (body === undefined) return undefined;
  const out: Record<string, JsonValue> = {};
  for (const m of body.matchAll(STRING_PROP)) {
    const name = m[1] as string;
    if (m[2] !== undefined || m[3] !== undefined) out[name] = m[2] ?? m[3] ?? '';
    else if (m[4] !== undefined) out[name] = JSON.parse(m[4]) as JsonValue;
  }
  // Shorthand properties (`{ username, password }`) carry no literal: send a string.
  for (const m of body.replace(/^\{|\}$/g, '').split(',')) {
    const name = m.trim();
    if (/^[A-Za-z_$][\w$]*$/.test(name) && !(name in out)) out[name] = 'rampart';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Finds the routes a script refers to: `fetch`/`axios`/jQuery/XHR calls with their method
 * and an inline JSON body, and string literals that look like site paths (`'/api/items'`).
 * It reads source text, so it is a heuristic: it finds what is written out, not what is
 * computed; the browser crawl (`--browser`) sees the rest.
 * @example scriptRoutes("fetch('/api/a', { method: 'POST' })", 'http://h/')[0] // { url: 'http://h/api/a', method: 'POST' }
 */
export function scriptRoutes(source: string, base: string): ScriptRoute[] {
  const routes = new Map<string, ScriptRoute>();
  for (const m of source.matchAll(CALL)) {
    const url = absolute(m[4] as string, base);
    if (!url) continue;
    const options = m[5] ?? '';
    // `$.ajax` says nothing about the method: its options' `type`/`method` do.
    const method = (
      m[1] ??
      (m[2] === 'ajax' ? undefined : m[2]) ??
      m[3] ??
      /method\s*:\s*['"`]([a-z]+)['"`]/i.exec(options)?.[1] ??
      (/type\s*:\s*['"`]([a-z]+)['"`]/i.exec(options)?.[1] || 'GET')
    ).toUpperCase();
    const json = options
      ? literalObject(options, m[1] !== undefined, m[2] !== undefined)
      : undefined;
    const xml = /(application|text)\/xml/i.test(options)
      ? /\bbody\s*:\s*(['"`])(<[\s\S]*?)\1/.exec(options)?.[2]
      : undefined;
    routes.set(`${method} ${url}`, {
      url,
      method: method === 'AJAX' ? 'GET' : method,
      ...(xml ? { xml } : json ? { json } : {}),
    });
  }
  for (const m of source.matchAll(PATH_LITERAL)) {
    const path = m[1] as string;
    // `//cdn…` is protocol-relative, and a lone `/` or a regex-looking literal is noise.
    if (path.startsWith('//') || path.length < 2 || /[*^\\]/.test(path)) continue;
    const url = absolute(path, base);
    if (url && ![...routes.values()].some((r) => r.url === url))
      routes.set(`GET ${url}`, { url, method: 'GET' });
  }
  return [...routes.values()];
}
