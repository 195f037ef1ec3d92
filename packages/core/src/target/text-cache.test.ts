import { describe, expect, it } from 'vitest';
import { createTextCache } from './text-cache.js';

/** A loader that answers `key` repeated to its length and counts its calls per key. */
function countingLoader(): {
  load(key: string): () => Promise<string>;
  calls: Map<string, number>;
} {
  const calls = new Map<string, number>();
  return {
    calls,
    load: (key) => async () => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return key.repeat(10);
    },
  };
}

describe('createTextCache', () => {
  it('shares one load between callers while it is in flight', async () => {
    const cache = createTextCache(0);
    const { load, calls } = countingLoader();

    const [a, b] = await Promise.all([cache.get('a', load('a')), cache.get('a', load('a'))]);

    expect([a, b]).toEqual(['aaaaaaaaaa', 'aaaaaaaaaa']);
    expect(calls.get('a')).toBe(1);
    // With a budget of 0 nothing is kept once the load is done.
    await cache.get('a', load('a'));
    expect(calls.get('a')).toBe(2);
  });

  it('evicts the least recently used text when the budget is exceeded', async () => {
    const cache = createTextCache(25);
    const { load, calls } = countingLoader();

    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recently used
    await cache.get('c', load('c')); // 30 characters: b goes

    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    expect(Object.fromEntries(calls)).toEqual({ a: 1, b: 2, c: 1 });
  });

  it('returns a text longer than the budget without keeping it', async () => {
    const cache = createTextCache(5);
    const { load, calls } = countingLoader();

    expect(await cache.get('a', load('a'))).toBe('aaaaaaaaaa');
    await cache.get('a', load('a'));
    expect(calls.get('a')).toBe(2);
  });

  it('returns the same promise for a kept text', async () => {
    const cache = createTextCache(100);
    const { load } = countingLoader();
    const first = cache.get('a', load('a'));
    await first;
    expect(cache.get('a', load('a'))).toBe(first);
  });

  it('does not keep a failed load, so the next call tries again', async () => {
    const cache = createTextCache(100);
    let attempts = 0;
    const flaky = async (): Promise<string> => {
      attempts += 1;
      if (attempts === 1) throw new Error('EMFILE');
      return 'ok';
    };

    await expect(cache.get('a', flaky)).rejects.toThrow('EMFILE');
    expect(await cache.get('a', flaky)).toBe('ok');
  });

  it('turns a loader that throws synchronously into a rejection', async () => {
    const cache = createTextCache(100);
    const load = (): Promise<string> => {
      throw new Error('boom');
    };
    await expect(cache.get('a', load)).rejects.toThrow('boom');
  });
});
