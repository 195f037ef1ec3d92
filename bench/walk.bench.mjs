// How fast the scan target is built: walking, ignore files, size and binary checks.
// Peers: git (what `git ls-files` lets through) and ripgrep's `rg --files`, which solve the
// same "which files does .gitignore leave" problem (neither checks sizes or binary content).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkFiles } from '@rampart/core';

const DIRS = 150;
const FILES_PER_DIR = 120;
const IGNORED = 10_000;

export const benchmark = {
  name: 'walk',
  async setup({ workDir }) {
    const root = join(workDir, 'walk-tree');
    if (!existsSync(join(root, '.ready'))) {
      for (let d = 0; d < DIRS; d++) {
        const dir = join(root, 'src', `module${d}`, d % 3 === 0 ? 'nested/deeper' : 'lib');
        mkdirSync(dir, { recursive: true });
        for (let f = 0; f < FILES_PER_DIR; f++) {
          writeFileSync(
            join(dir, `file${f}.${f % 4 === 0 ? 'log' : 'js'}`),
            `export const v${f} = ${d * f};\n`,
          );
        }
      }
      const ignored = join(root, 'node_modules', 'pkg');
      mkdirSync(ignored, { recursive: true });
      for (let i = 0; i < IGNORED; i++)
        writeFileSync(join(ignored, `dep${i}.js`), 'module.exports = 1;\n');
      writeFileSync(join(root, '.gitignore'), 'node_modules/\n*.log\n!important.log\n');
      execFileSync('git', ['init', '-q'], { cwd: root });
      writeFileSync(join(root, '.ready'), '');
    }
    const kept = (await walkFiles(root)).files.length;
    return { root, size: `${kept} files kept of ${DIRS * FILES_PER_DIR + IGNORED}` };
  },
  async run({ root }) {
    await walkFiles(root);
  },
  peers: [
    {
      name: 'git ls-files -co --exclude-standard',
      command: 'git',
      install: 'apt-get install git',
      run({ root }) {
        execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
          cwd: root,
          maxBuffer: 1 << 28,
        });
      },
    },
    {
      name: 'rg --files',
      command: 'rg',
      install: 'apt-get install ripgrep',
      run({ root }) {
        execFileSync('rg', ['--files', '--hidden', '-g', '!.git'], {
          cwd: root,
          maxBuffer: 1 << 28,
        });
      },
    },
  ],
};
