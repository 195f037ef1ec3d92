#!/usr/bin/env node
import { runCli } from './main.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
// `rampart sbom | head`: the reader went away; stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  controller.abort();
  process.exit(process.exitCode ?? 0);
});

runCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `rampart: internal error: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 3;
  },
);
