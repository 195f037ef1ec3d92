#!/usr/bin/env node
import { runCli } from './main.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

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
