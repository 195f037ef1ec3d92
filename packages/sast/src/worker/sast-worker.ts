// A worker thread of the sast scanner: it compiles the rules it is given, then reads, parses and
// analyses the batches of files the main thread sends it.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { FindingDraft } from '@rampart/core';
import { compileRule, scanText } from '../analyse-file.js';
import type { SastWorkerData, SastWorkerRequest, SastWorkerResponse } from './protocol.js';

const rules = (workerData as SastWorkerData).rules.map(compileRule);
const broken = new Set<string>();

parentPort?.on('message', (request: SastWorkerRequest) => {
  const drafts: FindingDraft[] = [];
  const unreadable: { path: string; message: string }[] = [];
  const unparsable: { path: string; line: number }[] = [];
  const partial: { path: string; line: number }[] = [];
  const unsupported: { ruleId: string; message: string }[] = [];
  for (const file of request.files) {
    let source: string;
    try {
      source = readFileSync(file.absolutePath, 'utf8');
      if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    } catch (err) {
      unreadable.push({
        path: file.path,
        message: err instanceof Error ? err.message : String(err),
      });
      continue;
    }
    const outcome = scanText(file.path, file.language, source, rules, broken);
    drafts.push(...outcome.drafts);
    unsupported.push(...outcome.unsupported);
    if (outcome.partialAt !== undefined) partial.push({ path: file.path, line: outcome.partialAt });
    if (outcome.unparsableAt !== undefined)
      unparsable.push({ path: file.path, line: outcome.unparsableAt });
  }
  const response: SastWorkerResponse = {
    id: request.id,
    drafts,
    unreadable,
    unparsable,
    partial,
    unsupported,
    files: request.files.length,
  };
  parentPort?.postMessage(response);
});
