// The pre-commit hook's work, as `rampart hook install` runs it: the staged change of a
// commit in a clone of this repository (3 edited files, 1 new one), scanned for secrets.
// The goal is "about a second"; the time includes Node's start-up. No peer here:
// gitleaks' `protect --staged` would be the one, and it is not in Debian's archive.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, repo } from './lib.mjs';

export const benchmark = {
  name: 'pre-commit hook (--staged secrets)',
  setup() {
    const clone = join(tmpdir(), 'rampart-bench-hook');
    if (existsSync(clone)) rmSync(clone, { recursive: true, force: true });
    execFileSync('git', ['clone', '-q', '--no-hardlinks', repo, clone]);
    for (const file of ['README.md', 'docs/ci.md', 'packages/core/src/index.ts'])
      appendFileSync(join(clone, file), '\n// an edit\n');
    writeFileSync(join(clone, 'notes.txt'), 'a new file\n'.repeat(200));
    execFileSync('git', ['add', '-A'], { cwd: clone });
    const files = execFileSync('git', ['ls-files'], { cwd: clone, encoding: 'utf8' }).split('\n');
    return { clone, size: `a clone of ${files.length - 1} files, 4 staged` };
  },
  run({ clone }) {
    execFileSync(
      process.execPath,
      [
        bin,
        'scan',
        '--staged',
        '--scanners',
        'secrets',
        '--fail-on',
        'low',
        '--no-progress',
        '--quiet',
      ],
      { cwd: clone, stdio: 'ignore' },
    );
  },
  teardown({ clone }) {
    rmSync(clone, { recursive: true, force: true });
  },
};
