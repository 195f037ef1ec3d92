#!/usr/bin/env node
// The installed `rampart` command. It is a committed file (not build output) so that npm can
// link it at install time. `npm run build` compiles the CLI to dist/ and bundles it into
// dist/bundle/ (it starts about twice as fast); the unbundled build is the fallback.
const notFound = (err) => err && err.code === 'ERR_MODULE_NOT_FOUND';

import('../dist/bundle/rampart.js')
  .catch((err) => {
    if (!notFound(err) || !String(err.message).includes('dist/bundle/rampart.js')) throw err;
    return import('../dist/bin.js');
  })
  .catch((err) => {
    if (notFound(err)) {
      process.stderr.write('rampart: not built yet; run `npm run build` first\n');
      process.exitCode = 3;
      return;
    }
    throw err;
  });
