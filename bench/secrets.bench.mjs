// Secret scanning throughput on a real-world corpus: text files (≤ 1 MiB) of this
// repository's node_modules, copied twice, plus files with planted credentials. The corpus
// lives outside the repository (in the OS temp folder) so no .gitignore applies to it and
// every tool sees the same files.
// Peers: secretlint with its recommended preset (installed from npm into bench/.work/peers
// on first run) and ripgrep searching the same combined keyword set (Debian's ripgrep).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DETECTORS } from '@rampart/secrets';
import { scanJson } from './lib.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const COPIES = 2;
const MAX = 1024 * 1024;

function textFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...textFiles(path));
    else if (entry.isFile() && statSync(path).size <= MAX) out.push(path);
  }
  return out;
}

function ensurePeers(peersDir) {
  if (existsSync(join(peersDir, 'node_modules', '.bin', 'secretlint'))) return;
  mkdirSync(peersDir, { recursive: true });
  writeFileSync(join(peersDir, 'package.json'), '{"private":true}');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      'secretlint@11',
      '@secretlint/secretlint-rule-preset-recommend@11',
    ],
    { cwd: peersDir, stdio: 'inherit' },
  );
}

export const benchmark = {
  name: 'secrets',
  async setup({ workDir }) {
    const corpus = join(tmpdir(), 'rampart-bench-secrets-corpus');
    const peersDir = join(workDir, 'peers');
    if (!existsSync(join(corpus, '.ready'))) {
      const source = join(repo, 'node_modules');
      const files = textFiles(source);
      for (let copy = 0; copy < COPIES; copy++) {
        for (const file of files) {
          const to = join(corpus, `copy${copy}`, relative(source, file));
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(file, to);
        }
      }
      mkdirSync(join(corpus, 'planted'), { recursive: true });
      // Planted: GitHub-format tokens with valid checksums, built here, never committed.
      const { checksummedToken } = await import('../packages/secrets/dist/test-support/fake.js');
      for (let i = 0; i < 50; i++) {
        writeFileSync(
          join(corpus, 'planted', `config${i}.env`),
          `GITHUB_TOKEN=${checksummedToken('ghp_', `bench-${i}`)}\n`,
        );
      }
      writeFileSync(join(corpus, '.ready'), '');
    }
    writeFileSync(
      join(corpus, '.secretlintrc.json'),
      JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }),
    );
    const keywords = [...new Set(DETECTORS.flatMap((d) => d.keywords.map((k) => k.toLowerCase())))];
    writeFileSync(join(workDir, 'keywords.txt'), `${keywords.join('\n')}\n`);
    let peersReady = true;
    try {
      ensurePeers(peersDir);
    } catch {
      peersReady = false;
    }
    const bytes = execFileSync('du', ['-sb', corpus], { encoding: 'utf8' }).split('\t')[0];
    return {
      corpus,
      peersDir,
      peersReady,
      keywordsFile: join(workDir, 'keywords.txt'),
      size: `${(Number(bytes) / 1e6).toFixed(0)} MB, ${COPIES * 2712 + 50} files, ${DETECTORS.length} detectors`,
    };
  },
  run({ corpus }) {
    scanJson(corpus, 'secrets');
  },
  peers: [
    {
      name: 'secretlint 11 (preset-recommend)',
      command: 'npm',
      slow: true,
      install: 'npm (installs secretlint into bench/.work/peers)',
      run({ corpus, peersDir, peersReady }) {
        if (!peersReady) throw new Error('secretlint could not be installed');
        try {
          execFileSync(
            join(peersDir, 'node_modules/.bin/secretlint'),
            ['**/*', '--format', 'json', '--maskSecrets'],
            {
              cwd: corpus,
              maxBuffer: 1 << 30,
              stdio: ['ignore', 'pipe', 'ignore'],
            },
          );
        } catch (err) {
          if (err.status !== 1) throw err; // exit 1 = found secrets
        }
      },
    },
    {
      name: 'rg -i -F -f <all keywords> --count-matches',
      command: 'rg',
      install: 'apt-get install ripgrep',
      run({ corpus, keywordsFile }) {
        try {
          execFileSync(
            'rg',
            ['-i', '-F', '-f', keywordsFile, '--count-matches', '--no-ignore', '--hidden', corpus],
            {
              maxBuffer: 1 << 30,
              stdio: ['ignore', 'pipe', 'ignore'],
            },
          );
        } catch (err) {
          if (err.status !== 1) throw err; // exit 1 = no match
        }
      },
    },
  ],
};
