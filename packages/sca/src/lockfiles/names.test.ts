import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSERS } from './index.js';
import { mayBeManifest } from './names.js';

const SEGMENTS = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'package.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'requirements.txt',
  'requirements-dev.txt',
  'dev-requirements.in',
  'requirements',
  'base.txt',
  'notes.txt',
  'poetry.lock',
  'pyproject.toml',
  'Pipfile.lock',
  'Pipfile',
  'uv.lock',
  'go.mod',
  'go.sum',
  'Cargo.lock',
  'Cargo.toml',
  'Gemfile.lock',
  'gems.locked',
  'composer.lock',
  'composer.json',
  'pom.xml',
  'build.gradle',
  'gradle.lockfile',
  'packages.lock.json',
  'bom.json',
  'app.cdx.json',
  'src',
  'web',
  'README.md',
];

describe('mayBeManifest', () => {
  it('is true for every path some parser reads (so no lockfile is ever skipped)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }),
        (parts) => {
          const path = parts.join('/');
          if (PARSERS.some((p) => p.matches(path))) expect(mayBeManifest(path)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    for (const name of SEGMENTS) {
      const path = `a/${name}`;
      if (PARSERS.some((p) => p.matches(path))) expect(mayBeManifest(path), path).toBe(true);
    }
  });

  it('is false for ordinary source files', () => {
    for (const path of ['src/index.ts', 'README.md', 'package.json', 'docs/notes.txt', 'go.sum']) {
      expect(mayBeManifest(path), path).toBe(false);
    }
  });
});
