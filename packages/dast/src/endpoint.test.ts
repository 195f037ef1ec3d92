import { describe, expect, it } from 'vitest';
import { buildRequest, endpointFromUrl, endpointKey } from './endpoint.js';
import type { Endpoint, Param } from './types.js';

function endpoint(init: Partial<Endpoint> & Pick<Endpoint, 'params'>): Endpoint {
  return { method: 'GET', url: 'http://h.test/s', source: 'crawl', ...init };
}

function param(ep: Endpoint, name: string): Param {
  const found = ep.params.find((p) => p.name === name);
  if (!found) throw new Error(`no param ${name}`);
  return found;
}

describe('buildRequest', () => {
  const search = endpoint({
    params: [
      { name: 'q', in: 'query', value: 'shoes' },
      { name: 'page', in: 'query', value: '2' },
    ],
  });

  it('puts query parameters at their discovered values', () => {
    const request = buildRequest(search);
    expect(request).toMatchObject({ method: 'GET', url: 'http://h.test/s?q=shoes&page=2' });
    expect(request.body).toBeUndefined();
  });

  it('replaces only the injected parameter, encoded', () => {
    const request = buildRequest(search, param(search, 'q'), "a' OR 1=1&x=<b>");
    const url = new URL(request.url);
    expect(url.searchParams.get('q')).toBe("a' OR 1=1&x=<b>");
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('x')).toBeNull();
  });

  it('sends a JSON value injected into a query parameter as its JSON text', () => {
    const request = buildRequest(search, param(search, 'q'), { $ne: null });
    expect(new URL(request.url).searchParams.get('q')).toBe('{"$ne":null}');
  });

  it('encodes form parameters as a urlencoded body', () => {
    const login = endpoint({
      method: 'POST',
      url: 'http://h.test/login',
      params: [
        { name: 'user', in: 'form', value: 'alice' },
        { name: 'pass', in: 'form', value: 'p&ss=1' },
      ],
      bodyType: 'form',
    });
    const request = buildRequest(login, param(login, 'user'), 'x y');
    expect(request.url).toBe('http://h.test/login');
    expect(request.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      user: 'x y',
      pass: 'p&ss=1',
    });
  });

  describe('json parameters', () => {
    const api = endpoint({
      method: 'POST',
      url: 'http://h.test/api/login',
      bodyType: 'json',
      params: [
        { name: 'username', in: 'json', value: 'alice' },
        { name: 'password', in: 'json', value: 'secret' },
        { name: 'remember', in: 'json', value: 'true', json: true },
        { name: 'tries', in: 'json', value: '3', json: 3 },
      ],
    });

    it('keeps non-string JSON values as they were discovered', () => {
      const request = buildRequest(api);
      expect(request.headers?.['content-type']).toBe('application/json');
      expect(JSON.parse(request.body ?? '')).toEqual({
        username: 'alice',
        password: 'secret',
        remember: true,
        tries: 3,
      });
    });

    it('sends an injected operator object as an object, not a string', () => {
      const request = buildRequest(api, param(api, 'password'), { $ne: null });
      const body = JSON.parse(request.body ?? '') as Record<string, unknown>;
      expect(body.password).toEqual({ $ne: null });
      expect(body.username).toBe('alice');
    });

    it('sends an injected string as a JSON string', () => {
      const request = buildRequest(api, param(api, 'tries'), '{"$gt":""}');
      expect((JSON.parse(request.body ?? '') as Record<string, unknown>).tries).toBe('{"$gt":""}');
    });

    it('builds a JSON body from json params even without a bodyType', () => {
      const { bodyType: _, ...rest } = api;
      const request = buildRequest({ ...rest, params: [{ name: 'a', in: 'json', value: 'b' }] });
      expect(request.body).toBe('{"a":"b"}');
    });
  });

  it('fills path placeholders with encoded values', () => {
    const user = endpoint({
      url: 'http://h.test/users/{id}/posts/{id}',
      params: [{ name: 'id', in: 'path', value: '42', placeholder: '{id}' }],
    });
    expect(buildRequest(user).url).toBe('http://h.test/users/42/posts/42');
    const injected = buildRequest(user, param(user, 'id'), '1/../x?y#z');
    expect(injected.url).toBe('http://h.test/users/1%2F..%2Fx%3Fy%23z/posts/1%2F..%2Fx%3Fy%23z');
  });

  it('sets headers (lower-cased) and cookies (encoded) parameters', () => {
    const ep = endpoint({
      params: [
        { name: 'X-Tenant', in: 'header', value: 'acme' },
        { name: 'lang', in: 'cookie', value: 'en' },
        { name: 'pref', in: 'cookie', value: 'a b;c' },
      ],
    });
    const request = buildRequest(ep, param(ep, 'lang'), "fr'");
    expect(request.headers).toEqual({ 'x-tenant': 'acme', cookie: "lang=fr'; pref=a%20b%3Bc" });
    expect(request.body).toBeUndefined();
  });

  it('sends the raw body of an XML endpoint', () => {
    const xml = '<?xml version="1.0"?><order><id>1</id></order>';
    const request = buildRequest(
      endpoint({ method: 'POST', params: [], bodyType: 'xml', rawBody: xml }),
    );
    expect(request.body).toBe(xml);
    expect(request.headers?.['content-type']).toBe('application/xml');
  });
});

describe('buildRequest with a multipart form', () => {
  it('sends multipart/form-data a server can parse, with the injected value in its part', async () => {
    const upload = endpoint({
      method: 'POST',
      bodyType: 'multipart',
      params: [
        { name: 'title', in: 'form', value: 'report' },
        { name: 'file', in: 'form', value: 'rampart.txt' },
      ],
    });
    const request = buildRequest(upload, param(upload, 'title'), '"><x>\r\n--');
    const contentType = request.headers?.['content-type'] ?? '';
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(request.body, {
      headers: { 'content-type': contentType },
    }).formData();
    expect(form.get('title')).toBe('"><x>\r\n--');
    expect(form.get('file')).toBe('rampart.txt');
  });
});

describe('endpointFromUrl', () => {
  it('turns the query string into query parameters and drops the fragment', () => {
    const ep = endpointFromUrl('http://h.test/item?id=1&tag=a&tag=b#top', 'crawl');
    expect(ep).toEqual({
      method: 'GET',
      url: 'http://h.test/item',
      params: [
        { name: 'id', in: 'query', value: '1' },
        { name: 'tag', in: 'query', value: 'a' },
        { name: 'tag', in: 'query', value: 'b' },
      ],
      source: 'crawl',
    });
    expect(buildRequest(ep).url).toBe('http://h.test/item?id=1&tag=a&tag=b');
  });

  it('takes the method and source given', () => {
    expect(endpointFromUrl('http://h.test/api', 'script', 'POST')).toEqual({
      method: 'POST',
      url: 'http://h.test/api',
      params: [],
      source: 'script',
    });
  });
});

describe('endpointKey', () => {
  it('ignores parameter values and order', () => {
    const a = endpointFromUrl('http://h.test/item?id=1&sort=asc', 'crawl');
    const b = endpointFromUrl('http://h.test/item?sort=desc&id=2', 'form');
    expect(endpointKey(a)).toBe(endpointKey(b));
  });

  it('tells apart methods, paths, parameter names and locations', () => {
    const base = endpointKey(endpointFromUrl('http://h.test/item?id=1', 'crawl'));
    expect(endpointKey(endpointFromUrl('http://h.test/item?id=1', 'crawl', 'POST'))).not.toBe(base);
    expect(endpointKey(endpointFromUrl('http://h.test/items?id=1', 'crawl'))).not.toBe(base);
    expect(endpointKey(endpointFromUrl('http://h.test/item?key=1', 'crawl'))).not.toBe(base);
    const asForm = endpoint({
      url: 'http://h.test/item',
      params: [{ name: 'id', in: 'form', value: '1' }],
    });
    expect(endpointKey(asForm)).not.toBe(base);
  });
});
