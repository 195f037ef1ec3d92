// Recall of secret detection, end to end: every positive case of every detector (the same
// cases the unit tests check one by one) is planted in a corpus of realistic files (a .env,
// YAML, JSON, Python and JavaScript file each holding several, between lines of real source
// code), nested in folders, and `rampart scan` runs on it as a user would. A planted secret
// counts as found when a finding's salted hash equals the hash of the planted value (the
// report never holds the value itself). Also times the scan.
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanJson } from './lib.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const SALT = 'rampart/secrets/v1';
const KINDS = ['.env', 'config.yml', 'settings.json', 'app.py', 'server.js', 'notes.md'];
const PER_FILE = 3;

function hash(value) {
  return createHmac('sha256', SALT).update(value, 'utf8').digest('hex');
}

function scan(corpus) {
  return scanJson(corpus, 'secrets');
}

export const benchmark = {
  name: 'secrets-recall',
  async setup() {
    const { ALL_CASES } = await import('../packages/secrets/dist/test-support/all-cases.js');
    const corpus = join(tmpdir(), 'rampart-bench-secrets-recall');
    rmSync(corpus, { recursive: true, force: true });
    // Filler: real source lines from this repository, so planted lines sit among code.
    const filler = readFileSync(join(repo, 'packages/core/src/target/walker.ts'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 40);
    const planted = [];
    for (const c of ALL_CASES) for (const p of c.positive) planted.push({ id: c.id, ...p });
    for (let i = 0; i < planted.length; i += PER_FILE) {
      const group = planted.slice(i, i + PER_FILE);
      const kind = KINDS[(i / PER_FILE) % KINDS.length];
      const dir = join(corpus, `service-${i % 7}`, `module-${i % 5}`);
      mkdirSync(dir, { recursive: true });
      const parts = [];
      for (const [n, p] of group.entries()) {
        parts.push(filler.slice(n * 7, n * 7 + 6).join('\n'), p.text);
      }
      const file = join(dir, kind === '.env' ? `${i}.env` : `${i}-${kind}`);
      writeFileSync(file, `${parts.join('\n')}\n`);
      for (const p of group) p.file = file;
    }
    const detectors = new Set(planted.map((p) => p.id)).size;
    return {
      corpus,
      planted,
      size: `${planted.length} planted secrets of ${detectors} detectors in ${Math.ceil(planted.length / PER_FILE)} files`,
    };
  },
  run({ corpus }) {
    scan(corpus);
  },
  report({ corpus, planted }) {
    const report = scan(corpus);
    const found = new Set(report.findings.flatMap((f) => (f.secret ? [f.secret.hash] : [])));
    const missed = planted.filter((p) => !found.has(hash(p.secret)));
    const recall = (planted.length - missed.length) / planted.length;
    const lines = [
      `secrets-recall: ${planted.length - missed.length} of ${planted.length} planted secrets found, recall ${(recall * 100).toFixed(1)}% (goal ≥ 95%)`,
    ];
    for (const m of missed) lines.push(`  missed: ${m.id} (${m.name})`);
    return lines;
  },
};
