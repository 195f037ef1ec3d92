import { describe, expect, it } from 'vitest';
import type { DastResponse } from '../types.js';
import {
  endpointFromObservedRequest,
  formEndpoint,
  forwardedHeaders,
  fulfilledHeaders,
  looksLikePage,
  mergeCookies,
  pageKey,
} from './browser-endpoints.js';

describe('pageKey', () => {
  it('drops plain fragments but keeps SPA hash routes', () => {
    expect(pageKey('http://h/a?x=1#top')).toBe('http://h/a?x=1');
    expect(pageKey('http://h/#/users/1')).toBe('http://h/#/users/1');
    expect(pageKey('http://h/#!/users')).toBe('http://h/#!/users');
  });
});

describe('looksLikePage', () => {
  it('skips downloads and static assets', () => {
    expect(looksLikePage('http://h/about')).toBe(true);
    expect(looksLikePage('http://h/report.pdf?x=1')).toBe(false);
    expect(looksLikePage('http://h/app.js')).toBe(false);
    expect(looksLikePage('mailto:a@b')).toBe(true); // scope filters non-http links
    expect(looksLikePage('not a url')).toBe(false);
  });
});

describe('endpointFromObservedRequest', () => {
  it('turns a JSON body into json params, keeping non-string values', () => {
    const e = endpointFromObservedRequest({
      method: 'post',
      url: 'http://h/api/login?next=%2F#x',
      contentType: 'application/json; charset=utf-8',
      body: '{"user":"a","remember":true,"n":2}',
    });
    expect(e).toEqual({
      method: 'POST',
      url: 'http://h/api/login',
      source: 'browser',
      bodyType: 'json',
      params: [
        { name: 'next', in: 'query', value: '/' },
        { name: 'user', in: 'json', value: 'a' },
        { name: 'remember', in: 'json', value: 'true', json: true },
        { name: 'n', in: 'json', value: '2', json: 2 },
      ],
    });
  });

  it('turns a form-encoded body into form params', () => {
    const e = endpointFromObservedRequest({
      method: 'POST',
      url: 'http://h/s',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'q=z&page=2',
    });
    expect(e.bodyType).toBe('form');
    expect(e.params).toEqual([
      { name: 'q', in: 'form', value: 'z' },
      { name: 'page', in: 'form', value: '2' },
    ]);
  });

  it('reads multipart fields and keeps XML raw', () => {
    const body =
      '------b\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n' +
      '------b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\ndata\r\n------b--\r\n';
    const m = endpointFromObservedRequest({
      method: 'POST',
      url: 'http://h/up',
      contentType: 'multipart/form-data; boundary=----b',
      body,
    });
    expect(m.bodyType).toBe('multipart');
    expect(m.params).toEqual([
      { name: 'title', in: 'form', value: 'hello' },
      { name: 'file', in: 'form', value: '' },
    ]);
    const x = endpointFromObservedRequest({
      method: 'POST',
      url: 'http://h/x',
      contentType: 'text/xml',
      body: '<a>1</a>',
    });
    expect(x).toMatchObject({ bodyType: 'xml', rawBody: '<a>1</a>', params: [] });
  });

  it('keeps only the query for a GET or an unreadable body', () => {
    expect(endpointFromObservedRequest({ method: 'GET', url: 'http://h/a?x=1' }).params).toEqual([
      { name: 'x', in: 'query', value: '1' },
    ]);
    const broken = endpointFromObservedRequest({
      method: 'POST',
      url: 'http://h/a',
      contentType: 'application/json',
      body: '{nope',
    });
    expect(broken).toMatchObject({ bodyType: 'json', params: [] });
  });
});

describe('formEndpoint', () => {
  it('sends GET form fields in the query, replacing the action query', () => {
    expect(
      formEndpoint({
        action: 'http://h/search?old=1',
        method: '',
        enctype: '',
        fields: [{ name: 'q', value: '', type: 'text' }],
      }),
    ).toEqual({
      method: 'GET',
      url: 'http://h/search',
      params: [{ name: 'q', in: 'query', value: '' }],
      source: 'browser',
    });
  });

  it('sends POST form fields in the body and detects multipart', () => {
    const e = formEndpoint({
      action: 'http://h/profile?id=3',
      method: 'post',
      enctype: '',
      fields: [
        { name: 'nick', value: 'bob', type: 'text' },
        { name: 'avatar', value: '', type: 'file' },
      ],
    });
    expect(e).toMatchObject({ method: 'POST', url: 'http://h/profile', bodyType: 'multipart' });
    expect(e?.params.map((p) => `${p.in}:${p.name}`)).toEqual([
      'query:id',
      'form:nick',
      'form:avatar',
    ]);
    expect(formEndpoint({ action: 'http://h/', method: 'dialog', enctype: '', fields: [] })).toBe(
      undefined,
    );
  });
});

describe('headers and cookies', () => {
  it('forwards content headers but not the browser-managed ones', () => {
    expect(
      forwardedHeaders({
        Host: 'h',
        'content-length': '3',
        'content-type': 'application/json',
        'user-agent': 'HeadlessChrome',
        cookie: 'a=1',
        'x-csrf-token': 't',
      }),
    ).toEqual({ 'content-type': 'application/json', 'x-csrf-token': 't' });
  });

  it('merges the jar with script-set cookies, the jar winning', () => {
    expect(mergeCookies('sid=1', 'sid=old; theme=dark')).toBe('sid=1; theme=dark');
    expect(mergeCookies('', undefined)).toBe('');
    expect(mergeCookies('', 'a=1')).toBe('a=1');
  });

  it('strips transfer encoding from fulfilled responses and keeps Set-Cookie', () => {
    const response: DastResponse = {
      status: 200,
      headers: new Map([
        ['content-type', 'text/html'],
        ['content-encoding', 'gzip'],
        ['content-length', '10'],
      ]),
      setCookies: ['a=1; Path=/', 'b=2'],
      body: '',
      truncated: false,
      contentType: 'text/html',
    };
    expect(fulfilledHeaders(response)).toEqual({
      'content-type': 'text/html',
      'set-cookie': 'a=1; Path=/\nb=2',
    });
  });
});
