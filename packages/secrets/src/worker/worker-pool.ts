import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { batchBySize, runWorkerPool, type TargetFile } from '@rampart/core';
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

/**
 * Scans files on `threads` worker threads in batches of at most 64 files or 4 MiB, and
 * yields each batch's answer as it arrives (see `runWorkerPool`).
 */
export function scanInWorkers(
  files: readonly TargetFile[],
  options: SecretsOptions,
  threads: number,
  signal: AbortSignal,
): AsyncGenerator<WorkerResponse> {
  const requests: WorkerRequest[] = batchBySize(files, BATCH_FILES, BATCH_BYTES).map(
    (batch, id) => ({
      id,
      files: batch.map((f) => ({ path: f.path, absolutePath: f.absolutePath, size: f.size })),
    }),
  );
  return runWorkerPool(WORKER_URL, serializeOptions(options), requests, threads, signal);
}
