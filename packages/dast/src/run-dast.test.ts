import { UsageError } from '@rampart/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runDast } from './run-dast.js';
import { type SiteServer, startSite } from './test-support/site-server.js';
import type { ActiveCheck, DastRule, PassiveCheck } from './types.js';

// The orchestrator with stand-in checks: which endpoints are attacked, in what order, what
// the safety rules refuse, and how passive issues are merged.

const RULE: DastRule = {
  id: 'dast/test',
  title: 'test rule',
  severity: 'medium',
  cwe: ['CWE-20'],
  remediation: 'n/a',
  references: [],
};

let site: SiteServer | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

function recordingCheck(id: string, log: string[], exclusive = false): ActiveCheck {
  return {
    id,
    rules: [{ ...RULE, id: `dast/${id}` }],
    exclusive,
    async *run(endpoint, ctx) {
      log.push(`${id} start ${endpoint.method} ${new URL(endpoint.url).pathname}`);
      await ctx.client.send(ctx.original(endpoint));
      log.push(`${id} end ${endpoint.method} ${new URL(endpoint.url).pathname}`);
      yield* [];
    },
  };
}

describe('runDast', () => {
  it('refuses an active scan of another host without --authorized-target, before any request', async () => {
    await expect(
      runDast({ target: 'http://203.0.113.7/', active: true, toolVersion: 't' }),
    ).rejects.toThrow(UsageError);
    await expect(
      runDast({
        target: 'http://127.0.0.1:1/',
        active: true,
        include: ['http://203.0.113.7/'],
        toolVersion: 't',
      }),
    ).rejects.toThrow(/203\.0\.113\.7 is not this machine/);
  });

  it('attacks endpoints with inputs, never DELETE ones, and runs exclusive checks last, one at a time', async () => {
    site = await startSite(() => ({ body: 'ok', delayMs: 20 }));
    const log: string[] = [];
    const endpoints = ['/a', '/b', '/c'].map((path) => ({
      method: 'GET',
      url: `${site?.origin}${path}`,
      params: [{ name: 'q', in: 'query' as const, value: '1' }],
      source: 'openapi' as const,
    }));
    const result = await runDast({
      target: `${site.origin}/`,
      active: true,
      noCrawl: true,
      rate: 0,
      apiEndpoints: [
        ...endpoints,
        {
          method: 'DELETE',
          url: `${site.origin}/d`,
          params: endpoints[0]?.params ?? [],
          source: 'openapi',
        },
        { method: 'GET', url: `${site.origin}/plain`, params: [], source: 'openapi' },
      ],
      toolVersion: 't',
      checks: {
        passive: [],
        site: [],
        active: [recordingCheck('fast', log), recordingCheck('timed', log, true)],
      },
      startCallback: async () => ({
        listener: { urlFor: (t) => t, received: async () => false },
        close: async () => {},
      }),
    });
    expect(result.stats.endpoints).toBe(6);
    const timed = log.filter((l) => l.startsWith('timed'));
    // The exclusive check starts only after every other check ended, and never overlaps itself.
    const lastFast = Math.max(...log.map((l, i) => (l.startsWith('fast end') ? i : -1)));
    expect(log.indexOf(timed[0] as string)).toBeGreaterThan(lastFast);
    expect(timed).toHaveLength(6);
    for (let i = 0; i < timed.length; i += 2)
      expect(timed[i]?.replace('start', 'end')).toBe(timed[i + 1]);
    expect(log.some((l) => l.includes('DELETE'))).toBe(false);
    expect(log.some((l) => l.includes('/plain'))).toBe(false);
    expect(site.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('starts the callback listener for a local target and closes it after', async () => {
    site = await startSite(() => ({ body: 'ok' }));
    let started = 0;
    let closed = 0;
    await runDast({
      target: `${site.origin}/?q=1`,
      active: true,
      noCrawl: true,
      toolVersion: 't',
      checks: { passive: [], site: [], active: [] },
      startCallback: async () => {
        started++;
        return {
          listener: { urlFor: (t) => t, received: async () => false },
          close: async () => {
            closed++;
          },
        };
      },
    });
    expect([started, closed]).toEqual([1, 1]);
  });

  it('merges the passive issues of a group into one finding listing its URLs', async () => {
    site = await startSite((r) =>
      r.url === '/' ? { body: '<a href="/x">x</a><a href="/y">y</a>' } : { body: 'page' },
    );
    const missing: PassiveCheck = {
      id: 'missing',
      rules: [RULE],
      inspect: (exchange) => [
        {
          ruleId: RULE.id,
          message: 'header missing',
          confidence: 'high',
          method: 'GET',
          url: exchange.request.url,
          groupKey: new URL(exchange.request.url).origin,
        },
      ],
    };
    const result = await runDast({
      target: `${site.origin}/`,
      toolVersion: 't',
      checks: { passive: [missing], site: [], active: [] },
    });
    expect(result.drafts).toHaveLength(1);
    expect(result.drafts[0]?.properties?.affectedUrls).toEqual([
      `${site.origin}/`,
      `${site.origin}/x`,
      `${site.origin}/y`,
    ]);
    expect(result.drafts[0]?.message).toMatch(/\(3 URLs\)/);
  });

  it('fails with a usage error naming the target when nothing answers', async () => {
    await expect(
      runDast({
        target: 'http://127.0.0.1:9/',
        toolVersion: 't',
        checks: { passive: [], site: [], active: [] },
      }),
    ).rejects.toThrow(UsageError);
  });
});
