// A worker thread of the secrets scanner: it compiles the built-in detectors once, then
// reads and scans the batches of files the main thread sends it.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { FindingDraft } from '@rampart/core';
import { DETECTORS } from '../detectors/index.js';
import { createSecretMatcher } from '../engine/matcher.js';
import { LARGE_FILE_BYTES, scanLargeFile, scanTextForSecrets } from '../secret-findings.js';
import {
  reviveOptions,
  type SerializedOptions,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';

const options = reviveOptions(workerData as SerializedOptions);
const matcher = createSecretMatcher(DETECTORS);

parentPort?.on('message', (request: WorkerRequest) => {
  const drafts: FindingDraft[] = [];
  const errors: { path: string; message: string }[] = [];
  for (const file of request.files) {
    try {
      if (file.size > LARGE_FILE_BYTES) {
        drafts.push(...scanLargeFile(file.absolutePath, file.path, matcher, options));
        continue;
      }
      let text = readFileSync(file.absolutePath, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      drafts.push(...scanTextForSecrets(file.path, text, matcher, options));
    } catch (err) {
      errors.push({ path: file.path, message: err instanceof Error ? err.message : String(err) });
    }
  }
  const response: WorkerResponse = { id: request.id, drafts, errors, files: request.files.length };
  parentPort?.postMessage(response);
});
