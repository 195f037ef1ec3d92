import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../app.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import type { HubDatabase } from './database.js';
import { migrate } from './migrations.js';

describe.each(TEST_DIALECTS)('the hub store on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
  });
  afterAll(() => drop());

  it('migrates once: a second run applies nothing', async () => {
    expect(await migrate(hub)).toEqual({ applied: [] });
  });

  it('keeps one finding per project and fingerprint, and events in write order', async () => {
    const now = Date.now();
    const team = randomUUID();
    const project = randomUUID();
    await hub.db
      .insertInto('teams')
      .values({ id: team, slug: 'payments', name: 'Payments', created_at: now })
      .execute();
    await hub.db
      .insertInto('projects')
      .values({
        id: project,
        name: 'shop',
        repository: null,
        default_branch: 'main',
        team_id: team,
        created_at: now,
      })
      .execute();
    const finding = {
      project_id: project,
      fingerprint: 'f'.repeat(64),
      rule_id: 'js-eval',
      scanner: 'sast',
      severity: 'high',
      severity_override: null,
      title: 'eval',
      status: 'open' as const,
      data: '{}',
      first_seen_at: now,
      first_seen_stage: 'pr',
      first_scan_id: 's1',
      last_seen_at: now,
      last_scan_id: 's1',
      fixed_at: null,
      assignee_id: null,
      accepted_until: null,
    };
    const id = randomUUID();
    await hub.db
      .insertInto('findings')
      .values({ id, ...finding })
      .execute();
    await expect(
      hub.db
        .insertInto('findings')
        .values({ id: randomUUID(), ...finding })
        .execute(),
    ).rejects.toThrow(/unique/i);
    for (const type of ['detected', 'seen', 'fixed']) {
      await hub.db
        .insertInto('finding_events')
        .values({
          finding_id: id,
          project_id: project,
          type,
          at: now,
          actor_id: null,
          scan_id: null,
          stage: null,
          data: '{}',
        })
        .execute();
    }
    const events = await hub.db
      .selectFrom('finding_events')
      .select(['id', 'type', 'at'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['detected', 'seen', 'fixed']);
    // Epoch milliseconds come back as numbers from both databases.
    expect(events.every((e) => e.at === now && typeof e.id === 'number')).toBe(true);
  });

  it('enforces references and allowed values', async () => {
    await expect(
      hub.db
        .insertInto('memberships')
        .values({ team_id: randomUUID(), user_id: randomUUID(), role: 'developer', created_at: 0 })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
    await expect(
      hub.db
        .insertInto('users')
        .values({
          id: randomUUID(),
          username: 'x',
          display_name: 'X',
          password_hash: null,
          global_role: 'owner' as never,
          locked_until: null,
          created_at: 0,
        })
        .execute(),
    ).rejects.toThrow(/check/i);
  });

  it('answers health and readiness over HTTP, and unknown routes with a stable error', async () => {
    const app = buildHub({ database: hub, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${address.port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await ready.json()).toEqual({ status: 'ready', database: dialect });
      const missing = await fetch(`${base}/api/v1/nothing?token=x`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'no route GET /api/v1/nothing' },
      });
    } finally {
      await app.close();
    }
  });
});
