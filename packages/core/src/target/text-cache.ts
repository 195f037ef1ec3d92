/** Texts by key: one load per key while it is in flight, recently used texts kept up to a budget. */
export interface TextCache {
  /**
   * The text for `key`: the kept one, the load already in flight, or a new `load()`. A kept
   * text is returned as the same promise every time. A failed load is not kept.
   */
  get(key: string, load: () => Promise<string>): Promise<string>;
}

interface Kept {
  readonly promise: Promise<string>;
  readonly chars: number;
}

/**
 * Creates a {@link TextCache} keeping at most `maxChars` characters (string length) of loaded
 * texts, evicting the least recently used first. A text longer than the budget is returned but
 * not kept; `0` keeps nothing, `Infinity` keeps everything.
 */
export function createTextCache(maxChars: number): TextCache {
  const inFlight = new Map<string, Promise<string>>();
  // A Map iterates in insertion order; moving a key to the end on use makes the first the LRU.
  const kept = new Map<string, Kept>();
  let total = 0;

  const keep = (key: string, promise: Promise<string>, chars: number): void => {
    if (maxChars <= 0 || chars > maxChars) return;
    kept.set(key, { promise, chars });
    total += chars;
    for (const [oldest, entry] of kept) {
      if (total <= maxChars) break;
      kept.delete(oldest);
      total -= entry.chars;
    }
  };

  return {
    get(key, load) {
      const hit = kept.get(key);
      if (hit !== undefined) {
        kept.delete(key);
        kept.set(key, hit);
        return hit.promise;
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      // Leaving in-flight and being kept happen in one callback, so no caller sees neither.
      const promise: Promise<string> = Promise.resolve()
        .then(load)
        .then(
          (text) => {
            inFlight.delete(key);
            keep(key, promise, text.length);
            return text;
          },
          (err: unknown) => {
            inFlight.delete(key);
            throw err;
          },
        );
      inFlight.set(key, promise);
      return promise;
    },
  };
}
