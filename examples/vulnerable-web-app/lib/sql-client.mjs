import { Worker } from 'node:worker_threads';

/** How long one /vuln query may run before the worker is killed and replaced. */
const QUERY_TIMEOUT_MS = 20_000;

/** The error a failed /vuln query rejects with: SQLite's own code and message. */
export class SqlError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'SqliteError';
    this.code = code;
  }
}

/**
 * Sends raw SQL strings to the worker in `sql-worker.mjs` and resolves with the rows.
 * A query that runs longer than 20 s (a scanner's payload gone wild) kills the worker, which
 * is then restarted with a fresh copy of the seeded database.
 */
export class SqlWorkerClient {
  #worker;
  #pending = new Map();
  #nextId = 1;

  #ready;

  /**
   * Starts the worker. It seeds its database in the background (a worker thread takes a few
   * hundred milliseconds to boot); queries sent meanwhile wait for it.
   */
  start() {
    const worker = new Worker(new URL('./sql-worker.mjs', import.meta.url));
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (!message.ready) return;
        worker.off('error', reject);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    // A failed start surfaces on the first query, not as an unhandled rejection.
    this.#ready.catch(() => {});
    worker.on('message', ({ id, rows, error }) => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      if (error) pending.reject(new SqlError(error.code, error.message));
      else pending.resolve(rows);
    });
  }

  /** Runs one SQL string as is (that is the vulnerability) and returns its rows. */
  async query(sql) {
    await this.#ready;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SqlError('SQLITE_INTERRUPT', 'query took too long and was interrupted'));
        void this.#restart();
      }, QUERY_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      this.#worker.postMessage({ id, sql });
    });
  }

  async #restart() {
    const old = this.#worker;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new SqlError('SQLITE_INTERRUPT', 'the database was restarted'));
      this.#pending.delete(id);
    }
    this.start();
    await old.terminate();
  }

  /** Stops the worker. */
  async close() {
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    this.#pending.clear();
    await this.#worker?.terminate();
  }
}
