import { UsageError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseCookieFlags, parseHeaderFlags } from './header-flags.js';

describe('parseHeaderFlags', () => {
  it('lower-cases names, trims values and joins repeats', () => {
    expect(
      parseHeaderFlags([
        'Authorization: Bearer a:b',
        'X-Tenant:acme',
        'Accept: a',
        'accept: b',
        'X-Empty:',
      ]),
    ).toEqual({ authorization: 'Bearer a:b', 'x-tenant': 'acme', accept: 'a, b', 'x-empty': '' });
  });

  it.each([
    [
      'Authorization Bearer secret-token',
      /^--header #1: expected "Name: value" \(there is no ":"\)$/,
    ],
    ['Bad Name: x', /^--header #1: "Bad Name" is not a valid header name/],
    [': x', /^--header #1: "" is not a valid header name/],
    ['X-A: a\r\nX-B: b', /^--header #1 \(X-A\): the value contains a line break/],
  ])('rejects %j without echoing the value', (flag, message) => {
    const run = () => parseHeaderFlags([flag]);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-token');
    }
  });
});

describe('parseCookieFlags', () => {
  it('reads single and browser-style combined cookies, later ones winning', () => {
    expect(parseCookieFlags(['session=abc', 'lang=en; theme="dark"; empty=', 'lang=fr'])).toEqual({
      session: 'abc',
      lang: 'fr',
      theme: 'dark',
      empty: '',
    });
  });

  it.each([
    ['session', /^--cookie #1: expected "name=value" \(there is no "="\)$/],
    ['  ;  ', /^--cookie #1: expected "name=value", got nothing$/],
    ['bad name=x', /^--cookie #1: "bad name" is not a valid cookie name$/],
    ['a=has,comma', /^--cookie #1 \(a\): the value contains/],
  ])('rejects %j', (flag, message) => {
    expect(() => parseCookieFlags([flag])).toThrow(message);
  });
});
