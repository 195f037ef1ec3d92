#!/usr/bin/env node
// Benchmark runner: `npm run bench [-- name-filter] [--runs N]`.
// Runs every bench/*.bench.mjs, prints a table (median of N runs; the ratio to each peer
// tool where one runs here) and appends it, dated, with `node --version`, to bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = new URL('./', import.meta.url);
const workDir = fileURLToPath(new URL('.work/', here));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const filter = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(fn, ctx, slow = false) {
  if (!slow) await fn(ctx); // warm-up, not counted
  const samples = [];
  // A slow peer (minutes per run) is timed once, without warm-up: said so in the table.
  for (let i = 0; i < (slow ? 1 : runs); i++) {
    const start = process.hrtime.bigint();
    await fn(ctx);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function available(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.mjs')).sort();
await mkdir(workDir, { recursive: true });
const rows = [];
const notes = [];
for (const file of files) {
  const { benchmark } = await import(new URL(file, here));
  if (filter && !benchmark.name.includes(filter)) continue;
  process.stderr.write(`${benchmark.name}: setting up…\n`);
  const ctx = await benchmark.setup({ workDir });
  const ours = await time(benchmark.run, ctx);
  process.stderr.write(`${benchmark.name}: rampart ${ours.toFixed(1)} ms\n`);
  const row = { name: benchmark.name, size: ctx.size ?? '', ours, peers: [] };
  for (const peer of benchmark.peers ?? []) {
    if (!available(peer.command)) {
      row.peers.push({ name: peer.name, note: `not installed (${peer.install})` });
      continue;
    }
    const theirs = await time(peer.run, ctx, peer.slow === true);
    row.peers.push({ name: peer.slow ? `${peer.name} (1 run)` : peer.name, ms: theirs });
    process.stderr.write(`${benchmark.name}: ${peer.name} ${theirs.toFixed(1)} ms\n`);
  }
  // A benchmark may also measure quality (recall, component parity): its lines go under the table.
  for (const line of (await benchmark.report?.(ctx)) ?? []) {
    process.stderr.write(`${line}\n`);
    notes.push(line);
  }
  await benchmark.teardown?.(ctx);
  rows.push(row);
}

const lines = [
  '| benchmark | input | rampart (median ms) | peer | peer (median ms) | rampart ÷ peer |',
  '|---|---|---:|---|---:|---:|',
];
for (const row of rows) {
  if (row.peers.length === 0)
    lines.push(`| ${row.name} | ${row.size} | ${row.ours.toFixed(1)} | — | — | — |`);
  for (const peer of row.peers) {
    const ratio = peer.ms ? `${(row.ours / peer.ms).toFixed(2)}×` : '—';
    lines.push(
      `| ${row.name} | ${row.size} | ${row.ours.toFixed(1)} | ${peer.name} | ${peer.ms ? peer.ms.toFixed(1) : peer.note} | ${ratio} |`,
    );
  }
}
if (notes.length > 0)
  lines.push('', ...notes.map((n) => (n.startsWith('  ') ? `    ${n.trim()}` : `- ${n}`)));
const table = lines.join('\n');
console.log(table);
const heading = `\n## ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'} · median of ${runs} runs\n\n`;
await appendFile(new URL('RESULTS.md', here), `${heading}${table}\n`);
console.log('\nappended to bench/RESULTS.md (ratio < 1 means Rampart is faster)');
