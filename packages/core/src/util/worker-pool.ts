import { Worker } from 'node:worker_threads';

/**
 * Runs `requests` on `threads` worker threads started from `script`, handing out the next
 * request as a worker answers (so one slow request does not hold the others back), and
 * yields the answers as they arrive, one per request. Memory stays bounded by the requests
 * in flight. A worker that crashes, or an abort, fails the run; workers always stop.
 */
export async function* runWorkerPool<Request, Response>(
  script: URL,
  workerData: unknown,
  requests: readonly Request[],
  threads: number,
  signal: AbortSignal,
): AsyncGenerator<Response> {
  const queue = [...requests];
  const total = queue.length;
  if (total === 0) return;
  const workers = Array.from(
    { length: Math.max(1, Math.min(threads, total)) },
    () => new Worker(script, { workerData }),
  );
  const ready: Response[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  for (const worker of workers) {
    worker.on('message', (response: Response) => {
      ready.push(response);
      const next = queue.shift();
      if (next !== undefined) worker.postMessage(next);
      notify();
    });
    worker.on('error', (err) => {
      failure = err;
      notify();
    });
    const first = queue.shift();
    if (first !== undefined) worker.postMessage(first);
  }
  const onAbort = () => {
    failure = new Error('scan aborted');
    notify();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let received = 0;
    while (received < total) {
      if (failure) throw failure;
      const response = ready.shift();
      if (response !== undefined) {
        received++;
        yield response;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Splits files into batches of at most `maxFiles` files or `maxBytes` bytes. */
export function batchBySize<T extends { readonly size: number }>(
  files: readonly T[],
  maxFiles: number,
  maxBytes: number,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const f of files) {
    current.push(f);
    bytes += f.size;
    if (current.length >= maxFiles || bytes >= maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
