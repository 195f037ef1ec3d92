import { randomBytes } from 'node:crypto';
import { ConfigError, silentLogger } from '@rampart/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestOrg, signIn, type TestOrg, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { createHub } from '../hub.js';
import { ingestScan } from '../ingest/ingest-scan.js';
import { codeFinding, reportBody, seedProject } from '../ingest/ingest-test-support.js';
import { createJobRunner } from '../jobs/create-job-runner.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import {
  createHubMetrics,
  jobMetricsListener,
  OPEN_FINDINGS_CACHE_MS,
  recordJobRun,
  recordWebhookDelivery,
} from './hub-metrics.js';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the Prometheus text exposition (what prom-client writes) into samples. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, '$1');
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined if none. */
function sampleValue(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match`);
  return found[0]?.value;
}

const fakeToken = () => ['metrics', randomBytes(24).toString('hex')].join('-');

describe.each(TEST_DIALECTS)('Prometheus /metrics on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let org: TestOrg;
  let app: FastifyInstance;
  const metricsToken = fakeToken();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function scrape(): Promise<{ samples: Sample[]; text: string }> {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer(metricsToken) });
    expect(res.statusCode).toBe(200);
    return { samples: parseExposition(res.body), text: res.body };
  }

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, testClock().now());
    app = createHub({ database: hub, logger: false, metricsToken });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('counts requests by route pattern and status, never by raw URL, and not its own scrapes', async () => {
    const admin = bearer(org.admin.token);
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ url: '/api/v1/teams', headers: admin })).statusCode).toBe(200);
    }
    await app.inject({ url: `/api/v1/teams/${org.teamA}`, headers: admin });
    await app.inject({ url: `/api/v1/teams/${org.teamB}`, headers: bearer(org.developer.token) });
    await app.inject({ url: '/no/such/page-a1b2c3' });
    await app.inject({ url: '/api/v1/teams' });
    await scrape();
    const { samples, text } = await scrape();

    const requests = 'rampart_http_requests_total';
    expect(
      sampleValue(samples, requests, { method: 'GET', route: '/api/v1/teams', status: '200' }),
    ).toBe(3);
    expect(
      sampleValue(samples, requests, { method: 'GET', route: '/api/v1/teams', status: '401' }),
    ).toBe(1);
    expect(
      sampleValue(samples, requests, {
        method: 'GET',
        route: '/api/v1/teams/:teamId',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, requests, {
        method: 'GET',
        route: '/api/v1/teams/:teamId',
        status: '404',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, requests, { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1);
    expect(samples.filter((s) => s.labels.route === '/metrics')).toEqual([]);
    expect(text).not.toContain(org.teamA);
    expect(text).not.toContain('page-a1b2c3');

    const duration = 'rampart_http_request_duration_seconds_count';
    expect(sampleValue(samples, duration, { method: 'GET', route: '/api/v1/teams' })).toBe(4);
    expect(
      sampleValue(samples, 'rampart_http_request_duration_seconds_bucket', {
        method: 'GET',
        route: '/api/v1/teams',
        le: '+Inf',
      }),
    ).toBe(4);
  });

  it('includes the process metrics, prefixed rampart_', async () => {
    const { samples } = await scrape();
    expect(sampleValue(samples, 'rampart_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'rampart_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts scan uploads by outcome, the findings ingested, and open findings by severity', async () => {
    const at = Date.now() - 60_000;
    const body = reportBody({
      findings: [
        codeFinding('m1', { severity: 'high' }),
        codeFinding('m2', { severity: 'high' }),
        codeFinding('m3', { severity: 'low' }),
      ],
      stage: 'main',
      at,
    });
    const upload = (payload: Buffer | string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/projects/${org.projectA}/scans`,
        headers: { ...bearer(org.ciToken), 'content-type': 'application/json' },
        payload,
      });
    expect((await upload(body)).statusCode).toBe(201);
    expect((await upload(body)).statusCode).toBe(200);
    expect((await upload('{"not": "a report"')).statusCode).toBe(400);

    const { samples } = await scrape();
    expect(sampleValue(samples, 'rampart_ingest_scans_total', { outcome: 'ingested' })).toBe(1);
    expect(sampleValue(samples, 'rampart_ingest_scans_total', { outcome: 'duplicate' })).toBe(1);
    expect(sampleValue(samples, 'rampart_ingest_scans_total', { outcome: 'rejected' })).toBe(1);
    expect(sampleValue(samples, 'rampart_ingest_findings_total')).toBe(3);
    // Every severity has a sample; the values (cached for a while) are pinned further down.
    const open = Object.fromEntries(
      samples
        .filter((s) => s.name === 'rampart_open_findings')
        .map((s) => [s.labels.severity, s.value]),
    );
    expect(Object.keys(open).sort()).toEqual(['critical', 'high', 'info', 'low', 'medium']);
  });

  it('answers the metrics token and org readers; 401 without or with a wrong credential, 403 to others', async () => {
    const status = async (headers: Record<string, string>) =>
      (await app.inject({ method: 'GET', url: '/metrics', headers })).statusCode;
    expect(await status(bearer(metricsToken))).toBe(200);
    expect(await status({})).toBe(401);
    expect(await status(bearer(fakeToken()))).toBe(401);
    expect(await status(bearer(`${metricsToken}x`))).toBe(401);
    expect(await status({ authorization: `Basic ${metricsToken}` })).toBe(401);
    expect(await status(bearer(org.admin.token))).toBe(200);
    expect(await status(bearer(org.security.token))).toBe(200);
    expect(await status(bearer(org.auditor.token))).toBe(200);
    expect(await status(bearer(org.champion.token))).toBe(403);
    expect(await status(bearer(org.developer.token))).toBe(403);
    expect(await status(bearer(org.ciToken))).toBe(403);
    const { cookie } = await signIn(app, org.auditor);
    expect(await status({ cookie })).toBe(200);
  });

  it('accepts the metrics token on /metrics only', async () => {
    const res = await app.inject({ url: '/api/v1/teams', headers: bearer(metricsToken) });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
  });

  it('answers in the Prometheus text format, uncached, without any credential in it', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer(metricsToken) });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toContain(metricsToken);
    expect(res.body).not.toContain(org.admin.token);
    expect(res.body).toContain('# TYPE rampart_http_requests_total counter');
  });

  it('counts the runs of a job runner told by jobMetricsListener, and the deliveries it reports', async () => {
    const runner = createJobRunner(hub, {
      logger: silentLogger,
      onRun: jobMetricsListener(app),
      jobs: [
        {
          name: 'webhook-delivery',
          everyMs: 60_000,
          cron: '* * * * *',
          run: async () => ({ delivered: 2, retried: 1, failed: 0 }),
        },
        {
          name: 'always-fails',
          everyMs: 60_000,
          cron: '* * * * *',
          run: async () => {
            throw new Error('boom');
          },
        },
      ],
    });
    await runner.runNow('webhook-delivery');
    await expect(runner.runNow('always-fails')).rejects.toThrow('boom');
    const { samples } = await scrape();
    const runs = 'rampart_jobs_runs_total';
    expect(sampleValue(samples, runs, { job: 'webhook-delivery', outcome: 'succeeded' })).toBe(1);
    expect(sampleValue(samples, runs, { job: 'always-fails', outcome: 'failed' })).toBe(1);
    const deliveries = 'rampart_webhook_deliveries_total';
    expect(sampleValue(samples, deliveries, { outcome: 'delivered' })).toBe(2);
    expect(sampleValue(samples, deliveries, { outcome: 'retry' })).toBe(1);
    await runner.stop();
  });

  it('refuses a metrics token too short to be a secret when the hub is built', () => {
    expect(() => createHub({ database: hub, logger: false, metricsToken: 'short' })).toThrow(
      ConfigError,
    );
  });
});

describe.each(TEST_DIALECTS)('the hub metrics registry on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(async () => {
    await drop();
  });

  it('counts open findings by effective severity with one cached query per interval', async () => {
    let now = Date.UTC(2026, 0, 5);
    const metrics = createHubMetrics(hub, { now: () => now });
    const { projectId } = await seedProject(hub);
    const ingest = (keys: string[], severity: 'critical' | 'medium', at: number) =>
      ingestScan(hub, {
        projectId,
        body: reportBody({
          findings: keys.map((k) => codeFinding(k, { severity })),
          stage: 'main',
          at,
          scanners: ['sast'],
        }),
        now: at + 1,
      });
    await ingest(['c1', 'c2'], 'critical', now - 10_000);
    const open = async () =>
      Object.fromEntries(
        parseExposition(await metrics.registry.metrics())
          .filter((s) => s.name === 'rampart_open_findings')
          .map((s) => [s.labels.severity, s.value]),
      );
    expect(await open()).toEqual({ critical: 2, high: 0, medium: 0, low: 0, info: 0 });

    // A full scan that no longer has c1 and c2 closes them and opens three medium ones.
    await ingest(['x1', 'x2', 'x3'], 'medium', now - 5_000);
    now += OPEN_FINDINGS_CACHE_MS - 1;
    expect(await open()).toEqual({ critical: 2, high: 0, medium: 0, low: 0, info: 0 });
    now += 1;
    expect(await open()).toEqual({ critical: 0, high: 0, medium: 3, low: 0, info: 0 });
  });

  it('counts job runs and webhook deliveries with the functions the jobs call', async () => {
    const metrics = createHubMetrics(hub);
    recordJobRun(metrics, 'expire-risks', 'succeeded');
    recordJobRun(metrics, 'expire-risks', 'succeeded');
    recordJobRun(metrics, 'sla-breaches', 'failed');
    recordWebhookDelivery(metrics, 'delivered');
    recordWebhookDelivery(metrics, 'retry');
    const samples = parseExposition(await metrics.registry.metrics());
    const runs = 'rampart_jobs_runs_total';
    expect(sampleValue(samples, runs, { job: 'expire-risks', outcome: 'succeeded' })).toBe(2);
    expect(sampleValue(samples, runs, { job: 'sla-breaches', outcome: 'failed' })).toBe(1);
    const deliveries = 'rampart_webhook_deliveries_total';
    expect(sampleValue(samples, deliveries, { outcome: 'delivered' })).toBe(1);
    expect(sampleValue(samples, deliveries, { outcome: 'retry' })).toBe(1);
    expect(sampleValue(samples, deliveries, { outcome: 'failed' })).toBeUndefined();
  });

  it('keeps each hub apart: two registries in one process do not share counts', async () => {
    const a = createHubMetrics(hub);
    const b = createHubMetrics(hub);
    recordWebhookDelivery(a, 'failed');
    const inB = parseExposition(await b.registry.metrics());
    expect(
      sampleValue(inB, 'rampart_webhook_deliveries_total', { outcome: 'failed' }),
    ).toBeUndefined();
  });
});
