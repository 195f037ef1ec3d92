import type { JsonValue } from '@rampart/core';
import type { DastRequest, Endpoint, Param } from './types.js';

const BODY_LOCATIONS = new Set(['form', 'json']);
const MULTIPART_BOUNDARY = 'rampart-dast-3f9c1b7e';

/**
 * The request for `endpoint` with every parameter at its discovered value, except `param`
 * set to `value` when given (a JSON value replaces a `json` parameter as is, so operator
 * objects such as `{"$ne": null}` can be sent).
 * @example buildRequest({ method: 'GET', url: 'http://h/s', params: [{ name: 'q', in: 'query', value: 'x' }], source: 'crawl' }) // GET http://h/s?q=x
 */
export function buildRequest(
  endpoint: Endpoint,
  param?: Param,
  value?: string | JsonValue,
): DastRequest {
  const textOf = (p: Param): string =>
    p === param && typeof value === 'string'
      ? value
      : p === param && value !== undefined
        ? JSON.stringify(value)
        : p.value;
  let path = endpoint.url;
  for (const p of endpoint.params) {
    if (p.in === 'path' && p.placeholder) {
      path = path.split(p.placeholder).join(encodeURIComponent(textOf(p)));
    }
  }
  const url = new URL(path);
  for (const p of endpoint.params) if (p.in === 'query') url.searchParams.append(p.name, textOf(p));
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const p of endpoint.params) {
    if (p.in === 'header') headers[p.name.toLowerCase()] = textOf(p);
    if (p.in === 'cookie') cookies.push(`${p.name}=${encodeURIComponent(textOf(p))}`);
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  let body: string | undefined;
  const bodyParams = endpoint.params.filter((p) => BODY_LOCATIONS.has(p.in));
  if (endpoint.bodyType === 'json' || bodyParams.some((p) => p.in === 'json')) {
    const object: Record<string, JsonValue> = {};
    for (const p of bodyParams) {
      object[p.name] =
        p === param && value !== undefined ? value : p.json !== undefined ? p.json : p.value;
    }
    body = JSON.stringify(object);
    headers['content-type'] = 'application/json';
  } else if (endpoint.bodyType === 'multipart') {
    // Fields as form-data parts; a boundary no payload of ours contains.
    body = bodyParams
      .map(
        (p) =>
          `--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="${p.name.replace(/["\r\n]/g, '_')}"\r\n\r\n${textOf(p)}\r\n`,
      )
      .concat(`--${MULTIPART_BOUNDARY}--\r\n`)
      .join('');
    headers['content-type'] = `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;
  } else if (bodyParams.length > 0 || endpoint.bodyType === 'form') {
    const form = new URLSearchParams();
    for (const p of bodyParams) form.append(p.name, textOf(p));
    body = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (endpoint.bodyType === 'xml' && endpoint.rawBody !== undefined) {
    body = endpoint.rawBody;
    headers['content-type'] = 'application/xml';
  }
  return { method: endpoint.method, url: url.href, headers, body };
}

/** A key identifying an endpoint's shape: method, URL and parameter names (not values). */
export function endpointKey(endpoint: Endpoint): string {
  const names = endpoint.params
    .map((p) => `${p.in}:${p.name}`)
    .sort()
    .join('&');
  return `${endpoint.method} ${endpoint.url} ${names}`;
}

/** An endpoint for a plain URL: its query string becomes `query` parameters. */
export function endpointFromUrl(
  href: string,
  source: Endpoint['source'],
  method = 'GET',
): Endpoint {
  const url = new URL(href);
  url.hash = '';
  const params: Param[] = [...url.searchParams].map(([name, value]) => ({
    name,
    in: 'query',
    value,
  }));
  url.search = '';
  return { method, url: url.href, params, source };
}
