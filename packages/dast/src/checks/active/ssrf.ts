import type {
  ActiveCheck,
  ActiveContext,
  CallbackListener,
  DastIssue,
  DastRule,
  Endpoint,
  Param,
} from '../../types.js';
import { createProbe, looksLikeUrl, nameLooksLike, type Probe } from './checks-b-support.js';

/** The server-side request forgery rule. */
export const SSRF_RULE: DastRule = {
  id: 'dast/ssrf',
  title: 'Server-side request forgery: the server fetches a URL given in a parameter',
  severity: 'high',
  cwe: ['CWE-918'],
  owasp: 'A10:2021',
  remediation: [
    'Do not fetch URLs taken from requests as they are. Allow only the hosts the feature',
    'needs (an allowlist of exact hosts and schemes), resolve the host name once and refuse',
    'private, loopback and link-local addresses (`127.0.0.0/8`, `10.0.0.0/8`, `169.254.0.0/16`,',
    '`::1`, ...), connect to the address you checked, and do not follow redirects. Where',
    'possible, let the user pick from known resources by identifier instead of sending a URL.',
    'Network egress rules for the application server limit the damage when a check is missed.',
  ].join('\n'),
  references: [
    'https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/918.html',
  ],
};

/** How long to wait for the callback after the response came back. */
export const CALLBACK_WAIT_MS = 1_500;

const URL_NAMES = new Set(['u', 'src', 'to', 'domain', 'site', 'server', 'proxy', 'endpoint']);
const URL_WORDS = new Set([
  'url',
  'uri',
  'link',
  'href',
  'src',
  'dest',
  'destination',
  'callback',
  'webhook',
  'hook',
  'feed',
  'rss',
  'image',
  'img',
  'avatar',
  'icon',
  'host',
  'hostname',
  'domain',
  'fetch',
  'load',
  'proxy',
  'remote',
  'endpoint',
  'target',
  'preview',
  'import',
]);

function looksLikeFetchTarget(param: Param): boolean {
  return looksLikeUrl(param.value) || nameLooksLike(param.name, URL_NAMES, URL_WORDS);
}

/** A value that is a bare host (`example.com`, `10.0.0.1:8080`), no scheme. */
function looksLikeHost(value: string): boolean {
  return /^[a-z0-9.-]+\.[a-z0-9-]+(?::\d+)?$/i.test(value) || /^[\d.]+(?::\d+)?$/.test(value);
}

/**
 * Injects a URL on the local callback listener (a full URL, and a `host:port/token` form
 * for parameters that hold a bare host) and reports when the listener receives it: the
 * target fetched a URL it was given (high confidence).
 */
async function* withCallback(
  endpoint: Endpoint,
  params: readonly Param[],
  ctx: ActiveContext,
  probe: Probe,
  callback: CallbackListener,
): AsyncGenerator<DastIssue> {
  for (const param of params) {
    const forms = looksLikeHost(param.value) ? ['url', 'host'] : ['url'];
    for (const form of forms) {
      if (probe.stopped) return;
      const token = ctx.marker();
      const url = callback.urlFor(token);
      const payload = form === 'url' ? url : url.replace(/^https?:\/\//, '');
      const exchange = await probe.send(ctx.inject(endpoint, param, payload));
      // Even a failed or timed-out request may have made the server fetch the URL.
      if (!(await callback.received(token, CALLBACK_WAIT_MS))) continue;
      yield {
        ruleId: SSRF_RULE.id,
        message: `Parameter "${param.name}" makes the server request a URL it is given: the callback listener received ${payload}.`,
        confidence: 'high',
        method: endpoint.method,
        url: endpoint.url,
        parameter: param.name,
        payload,
        ...(exchange ? { exchange } : {}),
        details: { method: 'out-of-band callback', token, location: param.in },
      };
      break;
    }
  }
}

const TITLE = /<title[^>]*>([^<]{4,200})<\/title>/i;

/** Per client (one per scan): the title of each origin's root page, fetched once. */
const rootTitles = new WeakMap<object, Map<string, Promise<string | undefined>>>();

async function rootTitle(
  origin: string,
  ctx: ActiveContext,
  probe: Probe,
): Promise<string | undefined> {
  let titles = rootTitles.get(ctx.client);
  if (!titles) {
    titles = new Map();
    rootTitles.set(ctx.client, titles);
  }
  let title = titles.get(origin);
  if (!title) {
    title = probe
      .send({ method: 'GET', url: `${origin}/` })
      .then((exchange) => TITLE.exec(exchange?.response.body ?? '')?.[1]?.trim() || undefined);
    titles.set(origin, title);
  }
  return title;
}

/**
 * Without a listener: injects `http://127.0.0.1:<target port>/` and reports (low
 * confidence) when the response shows the target's own home page title, which the
 * unmodified response does not, and a closed port on 127.0.0.1 does not produce either.
 * Conservative by design: only pages with a distinctive `<title>` can be recognised.
 */
async function* inBand(
  endpoint: Endpoint,
  params: readonly Param[],
  ctx: ActiveContext,
  probe: Probe,
): AsyncGenerator<DastIssue> {
  const target = new URL(endpoint.url);
  const title = await rootTitle(target.origin, ctx, probe);
  if (title === undefined || probe.stopped) return;
  const baseline = await probe.baseline();
  if (!baseline || baseline.response.body.includes(title)) return;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const internal = `http://127.0.0.1:${port}/`;
  for (const param of params) {
    if (probe.stopped) return;
    const exchange = await probe.send(ctx.inject(endpoint, param, internal));
    if (!exchange?.response.body.includes(title)) continue;
    // Port 1 (tcpmux) is closed almost everywhere: a real fetch cannot show the title there.
    const control = await probe.send(ctx.inject(endpoint, param, 'http://127.0.0.1:1/'));
    if (!control || control.response.body.includes(title)) continue;
    yield {
      ruleId: SSRF_RULE.id,
      message: `Parameter "${param.name}" seems to make the server fetch internal URLs: with "${internal}" the response shows the site's own home page.`,
      confidence: 'low',
      method: endpoint.method,
      url: endpoint.url,
      parameter: param.name,
      payload: internal,
      exchange,
      proof: title,
      details: { method: 'internal page content', location: param.in },
    };
  }
}

/**
 * Tests parameters that look like URLs or hosts (by value or name) for server-side request
 * forgery. With the callback listener (a local target), a received callback proves it;
 * without it, only a conservative in-band check runs (see {@link inBand}).
 */
export const ssrfCheck: ActiveCheck = {
  id: 'ssrf',
  rules: [SSRF_RULE],
  async *run(endpoint: Endpoint, ctx) {
    const params = endpoint.params.filter(looksLikeFetchTarget);
    if (params.length === 0) return;
    const probe = createProbe(endpoint, ctx);
    if (ctx.callback) yield* withCallback(endpoint, params, ctx, probe, ctx.callback);
    else yield* inBand(endpoint, params, ctx, probe);
  },
};
