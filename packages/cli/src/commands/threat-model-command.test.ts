import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildHub,
  decideThreat,
  migrate,
  openDatabase,
  registerThreatModelRoutes,
} from '@rampart/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';

const example = fileURLToPath(
  new URL('../../../threat-model/src/fixtures/payments.threatmodel.yml', import.meta.url),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-threat-model-'));
  await cp(example, join(dir, 'threatmodel.yml'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface JsonThreats {
  threats: {
    id: string;
    status: string;
    severity: string;
    stride: string;
    mitigations: string[];
  }[];
}

async function run(argv: string[]) {
  const io = captureIo(dir, { CI: 'true' });
  const code = await runCli(['threat-model', ...argv], { io });
  return { code, out: io.stdout.text(), err: io.stderr.text() };
}

describe('rampart threat-model', () => {
  it('lists the threats of threatmodel.yml with their statuses, open ones first', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Threat model: /);
    const lines = out.split('\n').filter((l) => /^(✔|~|•|✖) /.test(l));
    expect(lines.length).toBeGreaterThan(3);
    const firstDecided = lines.findIndex((l) => !l.includes('open'));
    expect(lines.slice(firstDecided).every((l) => !l.includes('open'))).toBe(true);
    expect(out).toContain('TM-S-003@admin-ui');
    expect(out).toMatch(/reason: Reachable only over the office VPN/);
    expect(out).toMatch(/\d+ threats · \d+ open · \d+ decided/);
  });

  it('gates on open threats at or above --fail-on, and passes once they are decided', async () => {
    const before = await run(['--format', 'json', '--fail-on', 'high']);
    expect(before.code).toBe(1);
    const threats = (JSON.parse(before.out) as JsonThreats).threats;
    const openHigh = threats.filter(
      (t) => t.status === 'open' && (t.severity === 'high' || t.severity === 'critical'),
    );
    expect(openHigh.length).toBeGreaterThan(0);
    expect(before.err).toMatch(/gate failed: \d+ open threats at or above high/);

    const text = await readFile(join(dir, 'threatmodel.yml'), 'utf8');
    const decided = `${text.replace(/^ {2}TM-R-004@admin-ui:[\s\S]*$/m, '')}${openHigh
      .map((t) => `  ${t.id}:\n    status: mitigated\n    evidence: covered in the test\n`)
      .join('')}`;
    await writeFile(join(dir, 'decided.yml'), decided);
    const after = await run(['decided.yml', '--fail-on', 'high']);
    expect(after.code, after.out + after.err).toBe(0);
    expect(after.out).toMatch(/gate passed: none open at or above high/);
  });

  it('warns about a decision for a threat the model no longer gives', async () => {
    const text = await readFile(join(dir, 'threatmodel.yml'), 'utf8');
    await writeFile(
      join(dir, 'stale.yml'),
      `${text}  TM-S-003@api-gateway:\n    status: accepted\n    reason: old decision\n`,
    );
    const { code, err } = await run(['stale.yml']);
    expect(code).toBe(0);
    expect(err).toMatch(/threats\.TM-S-003@api-gateway decides a threat the model no longer gives/);
  });

  it('refuses a broken model with the file, line and problem, and a missing one with a hint', async () => {
    await writeFile(
      join(dir, 'broken.yml'),
      'version: 1\nname: x\nelements:\n  - id: a\n    type: process\n    name: A\nflows:\n  - id: f\n    from: a\n    to: nowhere\n',
    );
    const broken = await run(['broken.yml']);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.yml:10:\d+: flows\.0\.to/);
    const missing = await run(['absent.yml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/absent\.yml: no such file[\s\S]*hint: write a threatmodel\.yml/);
  });

  it('sends the model to the hub with --server, once per change', async () => {
    const database = openDatabase(join(dir, 'hub.db'));
    await migrate(database);
    const teamId = randomUUID();
    const projectId = randomUUID();
    await database.db
      .insertInto('teams')
      .values({ id: teamId, slug: 'shop', name: 'Shop', created_at: 1 })
      .execute();
    await database.db
      .insertInto('projects')
      .values({
        id: projectId,
        name: 'shop',
        repository: null,
        default_branch: 'main',
        team_id: teamId,
        created_at: 1,
      })
      .execute();
    /** Built at run time, so that the repository's own secret scan stays clean. */
    const token = ['rmp_ci', 't'.repeat(32)].join('_');
    const app = buildHub({ database, logger: false });
    // Test-only authentication: the token is a CI token of the project.
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      (request as unknown as { principal: unknown }).principal =
        request.headers.authorization === `Bearer ${token}`
          ? { kind: 'ci', tokenId: 'ci-1', projectId }
          : undefined;
    });
    registerThreatModelRoutes(app, { database });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const server = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const send = async (env: Record<string, string>) => {
        const io = captureIo(dir, { CI: 'true', ...env });
        const code = await runCli(['threat-model', '--server', server, '--project', projectId], {
          io,
        });
        return { code, err: io.stderr.text() };
      };
      expect(await send({ RAMPART_TOKEN: token })).toMatchObject({
        code: 0,
        err: expect.stringMatching(/uploaded to http:\/\/127\.0\.0\.1:\d+ as revision 1/),
      });
      expect((await send({ RAMPART_TOKEN: token })).err).toMatch(
        /has this model already \(revision 1\)/,
      );
      // A champion marks an open high threat mitigated in the dashboard: the same file sent
      // again changes nothing in the hub, and the report and the gate count the decision.
      const gate = async () => {
        const io = captureIo(dir, { CI: 'true', RAMPART_TOKEN: token });
        const code = await runCli(
          [
            'threat-model',
            '--server',
            server,
            '--project',
            projectId,
            '--fail-on',
            'high',
            '--format',
            'json',
          ],
          { io },
        );
        return {
          code,
          err: io.stderr.text(),
          threats: (JSON.parse(io.stdout.text()) as JsonThreats).threats,
        };
      };
      const before = await gate();
      expect(before.code).toBe(1);
      const openHigh = before.threats.filter(
        (t) => t.status === 'open' && (t.severity === 'high' || t.severity === 'critical'),
      );
      expect(openHigh.length).toBeGreaterThan(0);
      for (const t of openHigh)
        await decideThreat(database, {
          projectId,
          threatId: t.id,
          decision: { status: 'mitigated', evidence: 'reviewed with the security team' },
          origin: 'ui',
          author: { kind: 'user', userId: 'champion-1' },
          now: Date.now(),
        });
      const after = await gate();
      expect(after.code, after.err).toBe(0);
      expect(after.err).toMatch(/the hub has this model already \(revision \d+\)/);
      expect(after.err).toContain(
        `${openHigh.length} threats open in this file are decided in the hub`,
      );
      expect(after.threats.find((t) => t.id === openHigh[0]?.id)?.status).toBe('mitigated');

      const refused = await send({ RAMPART_TOKEN: 'wrong' });
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/401/);
      expect(refused.err).not.toContain(token);
      const stored = await database.db
        .selectFrom('threat_models' as never)
        .select('revision' as never)
        .execute();
      // The upload, and a revision per decision made in the hub: CI stored nothing more.
      expect(stored).toHaveLength(1 + openHigh.length);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
