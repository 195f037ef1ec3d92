import { describe, expect, it } from 'vitest';
import { maskWebhookUrl, webhookUrlProblem } from './url-policy.js';

describe('webhookUrlProblem', () => {
  it.each([
    'https://hooks.slack.com/services/T0/B0/abc',
    'https://receiver.example.com:8443/rampart?team=payments',
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]:9000/',
  ])('allows %s', (url) => {
    expect(webhookUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://example.com/hook', 'use https (http only to loopback)'],
    ['http://10.0.0.5/hook', 'use https (http only to loopback)'],
    ['http://127.0.0.2/hook', 'use https (http only to loopback)'],
    ['http://localhost.example.com/hook', 'use https (http only to loopback)'],
    ['ftp://example.com/hook', 'use https (http only to loopback)'],
    ['file:///etc/passwd', 'use https (http only to loopback)'],
    ['https://user:pw@example.com/hook', 'remove the credentials from the URL'],
    ['https://user@example.com/hook', 'remove the credentials from the URL'],
    ['http://user:pw@127.0.0.1/hook', 'remove the credentials from the URL'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    expect(webhookUrlProblem(url)).toContain(reason);
  });
});

describe('maskWebhookUrl', () => {
  it('keeps the origin and the first path segment, and masks the rest', () => {
    const token = ['T0', 'B0', 'x'.repeat(24)].join('/');
    expect(maskWebhookUrl(`https://hooks.slack.com/services/${token}`)).toBe(
      'https://hooks.slack.com/services/…',
    );
    expect(maskWebhookUrl('https://example.com/hook?key=abc')).toBe('https://example.com/hook/…');
    expect(maskWebhookUrl('https://example.com/hook')).toBe('https://example.com/hook');
    expect(maskWebhookUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(maskWebhookUrl('nonsense')).toBe('(invalid URL)');
  });
});
