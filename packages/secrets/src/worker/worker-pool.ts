import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TargetFile } from '@rampart/core';
import type { SecretsOptions } from '../secrets-options.js';
import { serializeOptions, type WorkerRequest, type WorkerResponse } from './protocol.js';

const WORKER_URL = new URL('./scan-worker.js', import.meta.url);
/** A batch is this many files or this many bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

/** True when the compiled worker script exists (it does not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

function batches(files: readonly TargetFile[]): WorkerRequest[] {
  const out: WorkerRequest[] = [];
  let current: { path: string; absolutePath: string; size: number }[] = [];
  let bytes = 0;
  for (const f of files) {
    current.push({ path: f.path, absolutePath: f.absolutePath, size: f.size });
    bytes += f.size;
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      out.push({ id: out.length, files: current });
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) out.push({ id: out.length, files: current });
  return out;
}

/**
 * Scans files on `threads` worker threads, handing out batches as workers free up (so one
 * big file does not hold the others back), and yields each batch's answer as it arrives.
 * Memory stays bounded by the batches in flight. A worker that crashes fails the scan.
 */
export async function* scanInWorkers(
  files: readonly TargetFile[],
  options: SecretsOptions,
  threads: number,
  signal: AbortSignal,
): AsyncGenerator<WorkerResponse> {
  const queue = batches(files);
  const total = queue.length;
  const workers = Array.from(
    { length: Math.max(1, Math.min(threads, total)) },
    () => new Worker(WORKER_URL, { workerData: serializeOptions(options) }),
  );
  const ready: WorkerResponse[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  for (const worker of workers) {
    worker.on('message', (response: WorkerResponse) => {
      ready.push(response);
      const next = queue.shift();
      if (next) worker.postMessage(next);
      notify();
    });
    worker.on('error', (err) => {
      failure = err;
      notify();
    });
    const first = queue.shift();
    if (first) worker.postMessage(first);
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
      if (response) {
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
