#!/usr/bin/env node
// The installed `rampart` command. It is a committed file (not build output) so that npm can
// link it at install time; the CLI itself is compiled to dist/ by `npm run build`.
import('../dist/bin.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('rampart: not built yet; run `npm run build` first\n');
    process.exitCode = 3;
    return;
  }
  throw err;
});
