#!/usr/bin/env node
// Measures the JavaScript a first visit of the dashboard downloads, gzipped: the entry
// script, the chunks it imports, and the overview page (what `/` shows) with its imports,
// from Vite's manifest. Fails the build when that exceeds the budget (issue 9: at most
// 300 KB). Writes dist/budget.json for the tests and prints a summary.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const LANDING = 'src/pages/OverviewPage.tsx';
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
/** @type {Record<string, { file: string, isEntry?: boolean, imports?: string[] }>} */
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function closure(key, into = new Set()) {
  const chunk = manifest[key];
  if (chunk === undefined) throw new Error(`check-budget: ${key} is not in the Vite manifest`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) closure(imported, into);
  return into;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (entry === undefined) throw new Error('check-budget: no entry in the Vite manifest');
const files = closure(LANDING, closure(entry));
const sizes = [...files].map((file) => ({
  file,
  gzip: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
}));
const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
writeFileSync(
  join(dist, 'budget.json'),
  `${JSON.stringify({ budgetBytes: BUDGET, initialGzipBytes: total, files: sizes }, null, 2)}\n`,
);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `dashboard first-visit JavaScript (entry + overview): ${kb(total)} gzipped in ${sizes.length} files (budget ${kb(BUDGET)})`,
);
if (total > BUDGET) {
  console.error(`the dashboard's first-visit JavaScript is over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
