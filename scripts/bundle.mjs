#!/usr/bin/env node
// Bundles the built CLI (packages/cli/dist/bin.js) and the scanners' workers into
// packages/cli/dist/bundle/, so `rampart` starts by loading a few files instead of hundreds
// of modules (about half the start-up time). Lazy imports stay lazy (separate chunks).
// Native packages stay external. `npm run build` runs this after `tsc -b`.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = new URL('../', import.meta.url);
const path = (p) => fileURLToPath(new URL(p, root));
const outDir = path('packages/cli/dist/bundle');

await rm(outDir, { recursive: true, force: true });
await build({
  input: {
    rampart: path('packages/cli/dist/bin.js'),
    // The secrets worker pool starts `./scan-worker.js` next to the module that spawns it.
    'scan-worker': path('packages/secrets/dist/worker/scan-worker.js'),
    // The sast scanner is a lazy chunk (chunks/); it finds its worker one folder up.
    'sast-worker': path('packages/sast/dist/worker/sast-worker.js'),
  },
  platform: 'node',
  // jsonc-parser's main entry is UMD (its requires cannot be followed); its ESM build can.
  resolve: { mainFields: ['module', 'main'] },
  // Native packages load their binaries relative to themselves; the CycloneDX library's
  // optional plug-ins (XML, validation) are looked up at run time.
  external: [
    'better-sqlite3',
    '@ast-grep/napi',
    '@ast-grep/lang-python',
    '@node-rs/argon2',
    'pg-native',
    'xmlbuilder2',
    'libxmljs2',
    'ajv',
    'ajv-formats',
    'ajv-formats-draft2019',
    // The DAST browser crawl loads it on demand; it locates its own files at run time.
    'playwright-core',
  ],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});
console.log(`bundled the CLI into ${outDir}`);
