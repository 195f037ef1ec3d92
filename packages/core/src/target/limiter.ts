/** Runs async work with at most a fixed number of tasks in flight. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Creates a {@link Limiter}. Tasks start in the order they were queued; a finishing task
 * hands its slot straight to the next one, so the limit is never exceeded.
 * With a `signal`, queued tasks that have not started reject once it aborts.
 */
export function createLimiter(limit: number, signal?: AbortSignal): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < limit) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      signal?.throwIfAborted();
      return await task();
    } finally {
      release();
    }
  };
}
