import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from './detectors/index.js';
import { createSecretMatcher } from './engine/matcher.js';
import { findSecrets } from './secret-findings.js';

const matcher = createSecretMatcher(DETECTORS);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const lockfiles = join(repo, '../shared/data/lockfiles');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === '.git') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function hits(text: string): string[] {
  return findSecrets(text, matcher, true).map((h) => h.match.detector.id);
}

describe('the clean corpus: ordinary files give no findings', () => {
  it('in 50 real lockfiles and manifests of ten ecosystems (integrity hashes, checksums, URLs)', () => {
    const files = walk(lockfiles);
    expect(files.length).toBeGreaterThan(40);
    const found = files.flatMap((f) => hits(readFileSync(f, 'utf8')).map((id) => `${f}: ${id}`));
    expect(found).toEqual([]);
  });

  it('in identifiers that look random but are not secrets', () => {
    const lines = [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      'id: 123e4567-e89b-12d3-a456-426614174000',
      `<script src="x.js" integrity="sha384-${Buffer.alloc(48, 3).toString('base64')}"></script>`,
      `background: url(data:image/png;base64,${Buffer.alloc(300, 0x89).toString('base64')});`,
      `src: url(data:font/woff2;base64,${Buffer.from('wOF2\u0000\u0001'.repeat(60), 'binary').toString('base64')})`,
      'var a=function(e,t){return e.token=t.token,e.secret=t.secret,e}',
      'const apiKey = process.env.API_KEY;',
      'password: ${DB_PASSWORD}',
      'sha256:9b2f1c6f5d1c2f8e0b2b3e4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d',
      'docker pull node@sha256:0b4bd9b4d6c5e2c1d6f0e8a2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
    ];
    expect(lines.flatMap((l) => hits(l).map((id) => `${l}: ${id}`))).toEqual([]);
  });

  it("in Rampart's own source, which talks about tokens and secrets all the time", () => {
    // The SAST rules' test files, the importers' sample reports (fixtures/) and the training
    // modules' vulnerable examples hold credentials on purpose (rampart.yml excludes them
    // from the self-scan too).
    const rules = join(repo, 'packages', 'sast', 'rules');
    const training = join(repo, 'packages', 'training', 'content');
    const files = walk(join(repo, 'packages')).filter(
      (f) =>
        /\.(ts|json|md|yml)$/.test(f) &&
        !f.startsWith(rules) &&
        !f.startsWith(training) &&
        !/[/\\]fixtures[/\\]/.test(f),
    );
    const found = files.flatMap((f) => hits(readFileSync(f, 'utf8')).map((id) => `${f}: ${id}`));
    expect(found).toEqual([]);
  });
});
