/**
 * Where the hub may send webhooks: `https://` anywhere, `http://` only to this machine
 * (127.0.0.1, ::1, localhost: tests and local relays), never with credentials in the URL
 * (a receiver authenticates the hub by the signature). Returns the reason a URL is refused,
 * or undefined when it is allowed.
 * @example webhookUrlProblem('http://example.com/hook') // 'use https (http only to loopback)'
 */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.username !== '' || url.password !== '')
    return 'remove the credentials from the URL: the receiver checks the signature instead';
  if (url.protocol === 'https:') return url.hostname === '' ? 'no host' : undefined;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname) ? undefined : 'use https (http only to loopback)';
  }
  return 'use https (http only to loopback)';
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A webhook URL as the API and the logs show it: scheme, host and the first path segment,
 * the rest masked, because the URL is often itself a credential (a Slack incoming webhook's
 * path is its secret).
 * @example maskWebhookUrl('https://hooks.slack.com/services/T0/B0/xyz') // 'https://hooks.slack.com/services/…'
 */
export function maskWebhookUrl(value: string): string {
  try {
    const url = new URL(value);
    const segments = url.pathname.split('/').filter((s) => s !== '');
    const first = segments[0] === undefined ? '' : `/${segments[0]}`;
    const masked = segments.length > 1 || url.search !== '' ? '/…' : '';
    return `${url.protocol}//${url.host}${first}${masked}`;
  } catch {
    return '(invalid URL)';
  }
}
