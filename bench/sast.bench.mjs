import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bin } from './lib.mjs';
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
  statLine,
  timedSamples,
} from './sast-support.mjs';

const peersDir = PEERS_DIR;
const child = fileURLToPath(new URL('sast-parse-child.mjs', import.meta.url));
const eslintConfig = fileURLToPath(new URL('fixtures/eslint-security.config.mjs', import.meta.url));

/** The rules Rampart runs: its built-in rules, the default (THE place to change). */
const RAMPART_RULES = [];
const RULES_LABEL = 'the built-in rules (default)';
const FIXTURE_RULES = fileURLToPath(new URL('fixtures/sast-rules', import.meta.url));
/**
 * The like-for-like rule set: eslint-plugin-security's 15 recommended checks, one for one,
 * in Semgrep syntax (bench/fixtures/sast-rules), built-in rules off. Reported once besides.
 */
const FIXTURE_ONLY = [
  '--rules',
  FIXTURE_RULES,
  '--config',
  fileURLToPath(new URL('fixtures/sast-fixture-only.yml', import.meta.url)),
];

/** The `rampart scan` command line (node arguments), as a user runs it. */
function rampartArgs(corpus, rules = RAMPART_RULES) {
  return [
    bin,
    'scan',
    corpus,
    '--scanners',
    'sast',
    ...rules,
    '--format',
    'json',
    '--fail-on',
    'never',
    '--no-progress',
  ];
}

/** Runs `rampart scan`, records the measurement under `tool`; warnings are counted, not shown. */
function rampart(ctx, tool, rules) {
  const m = runMeasured(rampartArgs(ctx.corpus, rules));
  const report = JSON.parse(m.stdout);
  record(ctx, tool, m, {
    files: report.scan.filesScanned,
    unparsable: (m.stderr.match(/ does not parse as /g) ?? []).length,
    skippedRules: (m.stderr.match(/: rule \S+ skipped/g) ?? []).length,
    findings: report.findings.length,
    scannerMs: report.scan.scanners.find((s) => s.kind === 'sast')?.durationMs,
  });
}

const installed = installedPeer;
const ESLINT = `ESLint ${PEERS.eslint} + eslint-plugin-security ${PEERS['eslint-plugin-security']} (recommended)`;
const AST_GREP = `tree-sitter parse only: @ast-grep/napi ${AST_GREP_VERSION} (native)`;
const WTS = `tree-sitter parse only: web-tree-sitter ${PEERS['web-tree-sitter']} (WASM)`;

function parseOnly(ctx, engine) {
  const m = runMeasured([child, engine, 'parse', ctx.corpus, ctx.listFile, peersDir]);
  record(ctx, engine, m, { files: JSON.parse(m.stdout).files });
}

export const benchmark = {
  name: 'sast',
  async setup() {
    const corpus = sastCorpus();
    const peersReady = ensureSastPeers(peersDir);
    return {
      corpus: corpus.dir,
      listFile: corpus.listFile,
      files: corpus.files.length,
      describe: corpus.describe,
      peersReady,
      size: `${corpus.describe} from node_modules; rules: ${RULES_LABEL}`,
    };
  },
  run(ctx) {
    rampart(ctx, 'rampart', RAMPART_RULES);
  },
  peers: [
    {
      name: ESLINT,
      get command() {
        return ['eslint', 'eslint-plugin-security', '@typescript-eslint/parser'].every(installed)
          ? 'node'
          : 'npm-failed';
      },
      install: 'npm (installs eslint into bench/.work/peers)',
      run(ctx) {
        const m = runMeasured(
          [
            join(peersDir, 'node_modules/eslint/bin/eslint.js'),
            '--no-config-lookup',
            '-c',
            eslintConfig,
            '--format',
            'json',
            '.',
          ],
          { cwd: ctx.corpus, ok: [0, 1] }, // 1 = problems found
        );
        const results = JSON.parse(m.stdout);
        let findings = 0;
        let fatal = 0;
        for (const r of results) {
          for (const message of r.messages) {
            if (message.fatal) fatal++;
            else if (message.ruleId?.startsWith('security/')) findings++;
          }
        }
        record(ctx, 'eslint', m, { files: results.length, findings, fatal });
      },
    },
    {
      name: AST_GREP,
      command: 'node',
      install: 'npm ci (a dependency of @rampart/sast)',
      run(ctx) {
        parseOnly(ctx, 'astgrep');
      },
    },
    {
      name: WTS,
      get command() {
        return installed('web-tree-sitter') && installed('tree-sitter-typescript')
          ? 'node'
          : 'npm-failed';
      },
      install: 'npm (installs web-tree-sitter into bench/.work/peers)',
      run(ctx) {
        parseOnly(ctx, 'wts');
      },
    },
  ],
  report(ctx) {
    try {
      rampart(ctx, 'fixture', FIXTURE_ONLY);
    } catch (err) {
      process.stderr.write(`sast: the fixture-rules run failed: ${err.message}\n`);
    }
    const s = ctx.stats ?? {};
    const timed = (tool) => timedSamples(s[tool]);
    const ms = (tool) => (s[tool] ? median(timed(tool).ms) : undefined);
    const lines = [
      `sast: corpus ${ctx.corpus}: ${ctx.describe}`,
      statLine('sast', `rampart scan --scanners sast, ${RULES_LABEL}`, timed('rampart'), ctx.files),
      statLine('sast', ESLINT, timed('eslint'), ctx.files),
      statLine('sast', AST_GREP, timed('astgrep'), ctx.files),
      statLine('sast', WTS, timed('wts'), ctx.files),
    ];
    if (s.fixture)
      lines.push(
        statLine(
          'sast',
          "rampart with only eslint-plugin-security's checks (bench/fixtures/sast-rules, built-ins off)",
          timed('fixture'),
          ctx.files,
        ),
      );
    const cpu = (tool) => (s[tool] ? median(timed(tool).cpuMs) : undefined);
    const ratio = (ours, tool, goal, of = ms) =>
      of(ours) === undefined || of(tool) === undefined
        ? 'not run'
        : `${(of(ours) / of(tool)).toFixed(2)}×${goal ? ` (goal ${goal})` : ''}`;
    lines.push(
      `sast: wall-time ratios: rampart ÷ ESLint ${ratio('rampart', 'eslint', '< 1×')}; rampart ÷ parse only: ast-grep ${ratio('rampart', 'astgrep', '≤ 3×')}, web-tree-sitter ${ratio('rampart', 'wts', '≤ 3×')}`,
      `sast: CPU-time ratios (all threads; steadier on a busy machine): rampart ÷ ESLint ${ratio('rampart', 'eslint', '', cpu)}; rampart ÷ parse only: ast-grep ${ratio('rampart', 'astgrep', '', cpu)}, web-tree-sitter ${ratio('rampart', 'wts', '', cpu)}`,
    );
    if (s.fixture)
      lines.push(
        `sast: same checks as ESLint: rampart (fixture rules) ÷ ESLint ${ratio('fixture', 'eslint', '< 1×')}; ÷ parse only (ast-grep) ${ratio('fixture', 'astgrep', '≤ 3×')}`,
      );
    for (const [tool, label] of [
      ['rampart', RULES_LABEL],
      ['fixture', 'fixture rules'],
    ]) {
      const r = s[tool]?.extra;
      if (!r) continue;
      lines.push(
        `sast: rampart, ${label}: the sast scanner itself took ${(r.scannerMs / 1000).toFixed(2)} s (report scan.scanners[].durationMs, last run; the rest is start-up, walk, report); ${r.files} files scanned, ${r.unparsable} skipped as not parsing, ${r.skippedRules} rules skipped as unsupported; ${r.findings} findings`,
      );
    }
    const e = s.eslint?.extra ?? {};
    lines.push(
      `sast: ESLint: ${e.files ?? '—'} files linted, ${e.fatal ?? '—'} parse errors, ${e.findings ?? '—'} security/* messages; parse only: ast-grep ${s.astgrep?.extra.files ?? '—'} files, web-tree-sitter ${s.wts?.extra.files ?? '—'} files`,
    );
    return lines;
  },
};
