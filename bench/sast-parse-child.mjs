// Child process of the sast benchmarks: parses (and optionally searches) every file of the
// corpus with one engine, then prints what it did and where the time went as JSON.
//   node bench/sast-parse-child.mjs ENGINE MODE CORPUS_DIR LIST_FILE PEERS_DIR
// ENGINE: astgrep (@ast-grep/napi, native, `parse` on the main thread), astgrep-async (its
// `parseAsync`, on libuv's thread pool, 8 files in flight; parse mode only), wts
// (web-tree-sitter, WASM) or typescript (the TypeScript compiler's parser, pure JS: a
// reference only, it reads nothing but JS/TS).
// MODE: parse (parse, touch the root node) or search (parse, then run the SEARCHES).
// JavaScript is read with the TSX grammar and TypeScript with the TypeScript grammar, as
// Rampart's sast scanner does (packages/sast/src/engine/languages.ts). The loop yields to the
// event loop after each file, as the scanner's does: @ast-grep/napi frees a tree only in a
// finaliser, which runs there (a loop that never yields grows to several hundred MB).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [engine, mode, corpus, listFile, peersDir] = process.argv.slice(2);
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const isTs = (f) => /\.[cm]?ts$/.test(f);

/**
 * The same searches in each engine's own language: an ast-grep pattern (what Rampart's
 * Semgrep patterns become) and a tree-sitter query with a predicate.
 */
const SEARCHES = [
  {
    name: '$X.innerHTML = $Y',
    pattern: '$X.innerHTML = $Y',
    query:
      '(assignment_expression left: (member_expression property: (property_identifier) @p) right: (_) @v (#eq? @p "innerHTML"))',
  },
  {
    name: 'require($X)',
    pattern: 'require($X)',
    query:
      '(call_expression function: (identifier) @f arguments: (arguments . (_) @x .) (#eq? @f "require"))',
  },
];

const t0 = performance.now();
let parseFile; // (path, text) => { search(): number[] (matches per search), dispose() }
if (engine === 'astgrep') {
  const { parse, Lang } = await import('@ast-grep/napi');
  parseFile = (path, text) => {
    const root = parse(isTs(path) ? Lang.TypeScript : Lang.Tsx, text).root();
    root.kind();
    return {
      search: () => SEARCHES.map((s) => root.findAll(s.pattern).length),
      dispose() {},
    };
  };
} else if (engine === 'astgrep-async') {
  const { parseAsync, Lang } = await import('@ast-grep/napi');
  parseFile = async (path, text) => {
    const root = (await parseAsync(isTs(path) ? Lang.TypeScript : Lang.Tsx, text)).root();
    root.kind();
    return { dispose() {} };
  };
} else if (engine === 'wts') {
  const base = join(peersDir, 'node_modules');
  const { Parser, Language, Query } = await import(
    pathToFileURL(join(base, 'web-tree-sitter/web-tree-sitter.js')).href
  );
  await Parser.init();
  const grammar = (name) =>
    Language.load(join(base, `tree-sitter-typescript/tree-sitter-${name}.wasm`));
  const languages = { ts: await grammar('typescript'), tsx: await grammar('tsx') };
  const parsers = {};
  const queries = {};
  for (const [key, language] of Object.entries(languages)) {
    parsers[key] = new Parser();
    parsers[key].setLanguage(language);
    queries[key] = SEARCHES.map((s) => new Query(language, s.query));
  }
  parseFile = (path, text) => {
    const key = isTs(path) ? 'ts' : 'tsx';
    const tree = parsers[key].parse(text);
    tree.rootNode.type;
    return {
      search: () => queries[key].map((q) => q.matches(tree.rootNode).length),
      dispose: () => tree.delete(),
    };
  };
} else if (engine === 'typescript') {
  const ts = createRequire(import.meta.url)('typescript');
  parseFile = (path, text) => {
    const kind = isTs(path) ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
    source.statements.length;
    return {
      search: () => {
        throw new Error('no search for the typescript engine');
      },
      dispose() {},
    };
  };
} else throw new Error(`unknown engine ${engine}`);
const initMs = performance.now() - t0;

let readMs = 0;
let parseMs = 0;
let searchMs = 0;
const matches = SEARCHES.map(() => 0);
const started = performance.now();
if (engine === 'astgrep-async') {
  // Parse time here is the wall time of the whole loop (reads included): parses overlap.
  const inFlight = new Set();
  for (const file of files) {
    const text = readFileSync(join(corpus, file), 'utf8');
    const job = parseFile(file, text).then(() => inFlight.delete(job));
    inFlight.add(job);
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  parseMs = performance.now() - started;
} else {
  for (const file of files) {
    let t = performance.now();
    const text = readFileSync(join(corpus, file), 'utf8');
    readMs += performance.now() - t;
    t = performance.now();
    const parsed = parseFile(file, text);
    parseMs += performance.now() - t;
    if (mode === 'search') {
      t = performance.now();
      const found = parsed.search();
      searchMs += performance.now() - t;
      found.forEach((n, i) => {
        matches[i] += n;
      });
    }
    parsed.dispose();
    await new Promise(setImmediate);
  }
}
const loopMs = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    engine,
    mode,
    files: files.length,
    initMs,
    loopMs,
    readMs,
    parseMs,
    searchMs,
    matches:
      mode === 'search' ? Object.fromEntries(SEARCHES.map((s, i) => [s.name, matches[i]])) : {},
  }),
);
