import { fileURLToPath } from 'node:url';
import {
  AST_GREP_VERSION,
  ensureSastPeers,
  installedPeer,
  median,
  PEERS,
  PEERS_DIR,
  record,
  runMeasured,
  sastCorpus,
  timedSamples,
} from './sast-support.mjs';

const peersDir = PEERS_DIR;
const child = fileURLToPath(new URL('sast-parse-child.mjs', import.meta.url));
const installed = installedPeer;

function engineRun(ctx, engine, mode) {
  const m = runMeasured([child, engine, mode, ctx.corpus, ctx.listFile, peersDir]);
  const out = JSON.parse(m.stdout);
  record(ctx, `${engine}/${mode}`, m, out);
  return { ...m, out };
}

export const benchmark = {
  name: 'sast-parsers',
  async setup() {
    const corpus = sastCorpus();
    ensureSastPeers(peersDir);
    return {
      corpus: corpus.dir,
      listFile: corpus.listFile,
      files: corpus.files.length,
      size: `${corpus.describe}: parse + 2 searches; rampart = @ast-grep/napi ${AST_GREP_VERSION}`,
    };
  },
  run(ctx) {
    engineRun(ctx, 'astgrep', 'search');
  },
  peers: [
    {
      name: `web-tree-sitter ${PEERS['web-tree-sitter']} (WASM): parse + 2 queries`,
      get command() {
        return installed('web-tree-sitter') && installed('tree-sitter-typescript')
          ? 'node'
          : 'npm-failed';
      },
      install: 'npm (installs web-tree-sitter into bench/.work/peers)',
      run(ctx) {
        engineRun(ctx, 'wts', 'search');
      },
    },
  ],
  report(ctx) {
    const lines = [];
    const engines = [
      ['astgrep', 'parse', `@ast-grep/napi ${AST_GREP_VERSION} parse (main thread)`],
      ['astgrep-async', 'parse', `@ast-grep/napi ${AST_GREP_VERSION} parseAsync (thread pool)`],
      ['wts', 'parse', `web-tree-sitter ${PEERS['web-tree-sitter']} parse (WASM)`],
      ['typescript', 'parse', 'TypeScript compiler createSourceFile (pure JS, reference)'],
    ];
    if (!installed('web-tree-sitter')) engines.splice(2, 1);
    for (const [engine, mode] of engines) engineRun(ctx, engine, mode);
    const line = (key, label) => {
      const s = ctx.stats?.[key];
      if (!s) return `sast-parsers: ${label}: not run`;
      const t = timedSamples(s);
      const ms = median(t.ms);
      const o = s.extra;
      const parts = [
        `${o.files} files`,
        `${((o.files * 1000) / ms).toFixed(0)} files/s`,
        `wall ${(ms / 1000).toFixed(2)} s (median of ${t.ms.length})`,
        `CPU ${(median(t.cpuMs) / 1000).toFixed(2)} s`,
        `peak RSS ${Math.max(...s.rssMb).toFixed(0)} MB`,
        `in-process (last run): start-up ${o.initMs.toFixed(0)} ms, ${o.engine === 'astgrep-async' ? `read + parse (overlapped) ${o.parseMs.toFixed(0)} ms` : `read ${o.readMs.toFixed(0)} ms, parse ${o.parseMs.toFixed(0)} ms`}${o.mode === 'search' ? `, search ${o.searchMs.toFixed(0)} ms` : ''}`,
      ];
      if (o.mode === 'search')
        parts.push(
          `matches ${Object.entries(o.matches)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')}`,
        );
      return `sast-parsers: ${label}: ${parts.join('; ')}`;
    };
    lines.push(
      line('astgrep/search', `@ast-grep/napi ${AST_GREP_VERSION} parse + findAll (pattern)`),
      line('wts/search', `web-tree-sitter ${PEERS['web-tree-sitter']} parse + Query.matches`),
    );
    for (const [engine, mode, label] of engines) lines.push(line(`${engine}/${mode}`, label));
    return lines;
  },
};
