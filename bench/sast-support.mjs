// Shared by sast.bench.mjs and sast-parsers.bench.mjs (the runner only loads *.bench.mjs):
// the JS/TS corpus, the peer tools, and running a Node process while measuring its wall time,
// CPU time and peak resident memory.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));

/**
 * The corpus: every JavaScript and TypeScript source file of this repository's node_modules
 * (so it follows package-lock.json, the same on every checkout after `npm ci`), except
 * - symlinks (the workspace links to packages/*: Rampart's own code changes every commit),
 * - declaration files (`.d.ts`, `.d.mts`, `.d.cts`: types only, no code to analyse),
 * - generated bundles: `*.min.js`, files over 200 KB, and files with a line over 1,000
 *   characters (minified). They are not the source a SAST scan is for, and one of them can
 *   dominate every tool's time.
 * It is copied to the OS temp folder, as the secrets corpus is: outside this repository no
 * ignore file of ours (bench/.work is git-ignored) can apply to it, for any tool.
 * `node_modules` folders nested in the copied paths are renamed `nm`, since ESLint never
 * lints inside a `node_modules`.
 */
export const CORPUS_RULES = { maxBytes: 200 * 1024, maxLine: 1000 };
const SOURCE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const MINIFIED = /\.min\.[cm]?js$/;

function candidates(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) candidates(path, out);
    else if (
      entry.isFile() &&
      SOURCE.test(entry.name) &&
      !DECLARATION.test(entry.name) &&
      !MINIFIED.test(entry.name)
    )
      out.push(path);
  }
  return out;
}

/**
 * Builds (or reuses, when the selection is unchanged) the corpus. Returns its folder, the
 * relative paths of its files (sorted) in `files`, a file listing them one a line, and its size.
 */
export function sastCorpus() {
  const source = join(repo, 'node_modules');
  const dir = join(tmpdir(), 'rampart-bench-sast-corpus');
  const chosen = [];
  let bytes = 0;
  for (const path of candidates(source)) {
    const size = statSync(path).size;
    if (size > CORPUS_RULES.maxBytes) continue;
    const text = readFileSync(path, 'utf8');
    let longest = 0;
    for (let at = 0; at <= text.length; ) {
      const end = text.indexOf('\n', at);
      const stop = end === -1 ? text.length : end;
      longest = Math.max(longest, stop - at);
      at = stop + 1;
    }
    if (longest > CORPUS_RULES.maxLine) continue;
    chosen.push({ from: path, to: relative(source, path).split('/').map(rename).join('/'), size });
    bytes += size;
  }
  chosen.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const files = chosen.map((c) => c.to);
  // Paths and sizes: a changed lockfile rebuilds the copy.
  const digest = createHash('sha256')
    .update(chosen.map((c) => `${c.to}\t${c.size}`).join('\n'))
    .digest('hex');
  // The marker sits beside the corpus, so the corpus holds the chosen files and nothing else.
  const marker = `${dir}.ready`;
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== digest) {
    rmSync(dir, { recursive: true, force: true });
    for (const { from, to } of chosen) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      copyFileSync(from, join(dir, to));
    }
    writeFileSync(marker, digest);
  }
  const listFile = join(tmpdir(), 'rampart-bench-sast-files.txt');
  writeFileSync(listFile, `${files.join('\n')}\n`);
  const byExt = {};
  for (const f of files) {
    const ext = f.slice(f.lastIndexOf('.'));
    byExt[ext] = (byExt[ext] ?? 0) + 1;
  }
  const kinds = Object.entries(byExt)
    .sort((a, b) => b[1] - a[1])
    .map(([ext, n]) => `${n} ${ext}`)
    .join(', ');
  return {
    dir,
    files,
    listFile,
    bytes,
    describe: `${files.length} files (${kinds}), ${(bytes / 1e6).toFixed(1)} MB`,
  };
}

function rename(segment) {
  return segment === 'node_modules' ? 'nm' : segment;
}

/** The peer tools, exact versions, installed from npm into bench/.work/peers on first run. */
export const PEERS = {
  eslint: '10.15.0', // needs Node ^20.19 (the machine has 20.20); the current major
  'eslint-plugin-security': '4.1.0',
  '@typescript-eslint/parser': '8.74.0', // ESLint's own parser cannot read TypeScript
  'web-tree-sitter': '0.27.2',
  'tree-sitter-typescript': '0.23.2', // ships tree-sitter-typescript.wasm and tree-sitter-tsx.wasm
};

/** The installed @ast-grep/napi version (Rampart's engine, from the root package-lock). */
export const AST_GREP_VERSION = JSON.parse(
  readFileSync(join(repo, 'node_modules/@ast-grep/napi/package.json'), 'utf8'),
).version;

/** Where the peer tools are installed (bench/.work/peers). */
export const PEERS_DIR = fileURLToPath(new URL('.work/peers/', import.meta.url));

/** True when the peer package `name` is installed in PEERS_DIR. */
export const installedPeer = (name) =>
  existsSync(join(PEERS_DIR, 'node_modules', name, 'package.json'));

/** Installs the missing `PEERS` into `peersDir`; false when npm cannot. */
export function ensureSastPeers(peersDir) {
  const missing = Object.entries(PEERS).filter(([name, version]) => {
    const manifest = join(peersDir, 'node_modules', name, 'package.json');
    return !existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).version !== version;
  });
  if (missing.length === 0) return true;
  mkdirSync(peersDir, { recursive: true });
  if (!existsSync(join(peersDir, 'package.json')))
    writeFileSync(join(peersDir, 'package.json'), '{"private":true}');
  // Install scripts stay off: only the .wasm files of the grammar packages are used.
  const npm = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--save-exact',
      ...missing.map(([name, version]) => `${name}@${version}`),
    ],
    { cwd: peersDir, stdio: 'inherit' },
  );
  return npm.status === 0;
}

const PRELOAD = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nBENCH_MAXRSS_KB='+u.maxRSS+' BENCH_CPU_US='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

/**
 * Runs `node ARGS…` (cwd `cwd`) with a preload that prints, at exit, the peak resident
 * memory and the CPU time (user + system) of the whole process, worker threads included.
 * Returns the wall time (spawn to exit), the peak RSS in MB, the CPU time in ms, stdout and
 * stderr. Exit codes other than those in `ok` throw.
 */
export function runMeasured(args, { cwd = repo, ok = [0] } = {}) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', PRELOAD, ...args], {
    cwd,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw child.error;
  if (!ok.includes(child.status)) {
    throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr.slice(-2000)}`);
  }
  const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? 'NaN');
  const cpu = Number(/BENCH_CPU_US=(\d+)/.exec(child.stderr)?.[1] ?? 'NaN');
  return { ms, rssMb: rss / 1024, cpuMs: cpu / 1000, stdout: child.stdout, stderr: child.stderr };
}

/** Records one measured run of `tool` in `ctx.stats` (for the report's medians and peaks). */
export function record(ctx, tool, measured, extra = {}) {
  if (ctx.stats === undefined) ctx.stats = {};
  if (ctx.stats[tool] === undefined) ctx.stats[tool] = { ms: [], rssMb: [], cpuMs: [], extra: {} };
  const s = ctx.stats[tool];
  s.ms.push(measured.ms);
  s.rssMb.push(measured.rssMb);
  s.cpuMs.push(measured.cpuMs);
  Object.assign(s.extra, extra);
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The samples of a tool without the runner's warm-up (its first run, when there are several). */
export function timedSamples(stats) {
  if (!stats || stats.ms.length <= 1) return stats;
  return { ...stats, ms: stats.ms.slice(1), cpuMs: stats.cpuMs.slice(1) };
}

/**
 * One report line for a tool: files, files/s, median wall time, median CPU time (user +
 * system, all threads) and peak RSS of its runs.
 */
export function statLine(bench, label, stats, files) {
  if (!stats) return `${bench}: ${label}: not run`;
  const ms = median(stats.ms);
  const peak = Math.max(...stats.rssMb);
  return `${bench}: ${label}: ${files} files, ${((files * 1000) / ms).toFixed(0)} files/s, median ${(ms / 1000).toFixed(2)} s wall, ${(median(stats.cpuMs) / 1000).toFixed(2)} s CPU (${stats.ms.length} run${stats.ms.length === 1 ? '' : 's'}), peak RSS ${peak.toFixed(0)} MB`;
}
