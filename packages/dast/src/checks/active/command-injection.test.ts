import { exec, execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../http/errors.js';
import { COMMAND_INJECTION_RULE, createCommandInjectionCheck } from './command-injection.js';
import {
  escapeHtml,
  runCheck,
  sleep,
  startTestServer,
  type TestServer,
  testContext,
  testEndpoint,
} from './injection-test-support.js';

const check = createCommandInjectionCheck({ minDelaySec: 1 });

/** Runs `echo` through a shell (vulnerable) or directly (safe); the test target is 127.0.0.1 only. */
function echo(input: string, shell: boolean): Promise<string> {
  return new Promise((resolve) => {
    const done = (_err: unknown, stdout: string) => resolve(stdout);
    // rampart-ignore: js-exec-non-literal -- the deliberately injectable test target, on 127.0.0.1
    if (shell) exec(`echo ${input}`, { timeout: 15_000 }, done);
    else execFile('echo', [input], { timeout: 15_000 }, done);
  });
}

let server: TestServer;
let jittery: TestServer;

beforeAll(async () => {
  server = await startTestServer(async (request) => {
    const host = request.params.host ?? '';
    const shell = request.path === '/ping/vulnerable';
    if (!shell && request.path !== '/ping/safe') return { status: 404, body: '' };
    return { body: `<pre>${escapeHtml(await echo(host, shell))}</pre>` };
  });
  jittery = await startTestServer(async (request) => {
    await sleep(Math.random() * 300);
    return { body: `<pre>${escapeHtml(await echo(request.params.host ?? '', false))}</pre>` };
  });
});

afterAll(async () => {
  await server.close();
  await jittery.close();
});

describe('command-injection', () => {
  it('reports a shell that sleeps as told, for both delays', async () => {
    const issues = await runCheck(
      check,
      testEndpoint(`${server.origin}/ping/vulnerable`, { host: '127.0.0.1' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: COMMAND_INJECTION_RULE.id,
      parameter: 'host',
      confidence: 'high',
      details: { technique: 'time' },
    });
    // The confirming payload doubles the delay (1 s here unless the machine is very busy).
    const delaySec = Number(issues[0]?.details?.delaySec);
    expect(issues[0]?.payload).toContain(`sleep ${2 * delaySec}`);
  });

  it('reports nothing when the command runs without a shell', async () => {
    const issues = await runCheck(
      check,
      testEndpoint(`${server.origin}/ping/safe`, { host: '127.0.0.1' }),
    );
    expect(issues).toEqual([]);
  });

  it('does not mistake random latency for a delay', async () => {
    const issues = await runCheck(check, testEndpoint(`${jittery.origin}/`, { host: '127.0.0.1' }));
    expect(issues).toEqual([]);
  });

  it('lets a spent budget stop the check', async () => {
    const run = runCheck(
      check,
      testEndpoint(`${server.origin}/ping/safe`, { host: '127.0.0.1' }),
      testContext({ maxRequests: 6 }),
    );
    await expect(run).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});
