// Runs the /vuln half's string-built SQL in a worker thread. better-sqlite3 is synchronous,
// so a time-based injection payload (a heavy recursive CTE or randomblob(), see
// VULNERABILITIES.md) would otherwise freeze the whole server, and every concurrent request,
// /safe ones included, would look slow too. Here only /vuln SQL queues behind it.
import { parentPort } from 'node:worker_threads';
import { openSeededDatabase } from './db.mjs';

const db = openSeededDatabase();

parentPort?.on('message', ({ id, sql }) => {
  try {
    parentPort?.postMessage({ id, rows: db.prepare(sql).all() });
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: { code: error.code ?? 'SQLITE_ERROR', message: String(error.message) },
    });
  }
});
parentPort?.postMessage({ ready: true });
