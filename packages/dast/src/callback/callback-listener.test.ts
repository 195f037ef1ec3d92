import { afterEach, describe, expect, it } from 'vitest';
import { type RunningCallbackListener, startCallbackListener } from './callback-listener.js';

describe('startCallbackListener', () => {
  let running: RunningCallbackListener | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('binds 127.0.0.1 on a free port and hands out a URL per token', async () => {
    running = await startCallbackListener({ host: '127.0.0.1' });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.listener.urlFor('abc123')).toBe(`${running.url}/abc123`);
  });

  it('refuses any host other than 127.0.0.1', async () => {
    await expect(startCallbackListener({ host: '0.0.0.0' })).rejects.toThrow(/only binds/);
  });

  it('refuses tokens that are not letters and digits', async () => {
    running = await startCallbackListener();
    expect(() => running?.listener.urlFor('../x')).toThrow(/letters and digits/);
  });

  it('records a request for a token (any method) and answers 200', async () => {
    running = await startCallbackListener();
    const res = await fetch(running.listener.urlFor('tok1'), { method: 'POST', body: 'x' });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeLessThan(64);
    expect(await running.listener.received('tok1', 0)).toBe(true);
  });

  it('counts a request whose path only contains the token', async () => {
    running = await startCallbackListener();
    await fetch(`${running.url}/prefix/tok2/suffix?x=1`);
    expect(await running.listener.received('tok2', 0)).toBe(true);
  });

  it('answers false for a token never requested', async () => {
    running = await startCallbackListener();
    await fetch(running.listener.urlFor('other'));
    expect(await running.listener.received('nothere', 50)).toBe(false);
  });

  it('waits for a request that arrives after the call', async () => {
    running = await startCallbackListener();
    const url = running.listener.urlFor('late1');
    const pending = running.listener.received('late1', 5_000);
    setTimeout(() => void fetch(url), 100);
    expect(await pending).toBe(true);
  });

  it('resolves pending waits with false on close and stops listening', async () => {
    running = await startCallbackListener();
    const url = running.listener.urlFor('never');
    const pending = running.listener.received('never', 10_000);
    await running.close();
    expect(await pending).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });
});
