import { describe, expect, it } from 'vitest';
import { diffLines, hasImageList, hasLibraryList, lineOfMessage, readPolicy } from './policy.js';

describe('the catalog tables read from the parsed policy', () => {
  const policy = {
    version: 1,
    name: 'Acme road',
    docs: 'https://wiki.example/road',
    baseImages: {
      registries: ['registry.acme.example'],
      requireDigest: true,
      approved: [
        {
          image: 'cgr.dev/chainguard/node',
          tags: ['20', 22],
          digest: 'sha256:abc',
          replaces: ['node'],
          owner: 'platform',
          updateCadence: 'daily',
        },
        { tags: ['no image: skipped'] },
      ],
    },
    libraries: {
      npm: {
        banned: [
          { name: 'request', replacement: 'undici' },
          'not an entry',
          { name: 'lodash', versions: '<4.17.21' },
        ],
        approved: [{ name: 'express', versions: '>=4.21.2 <6', owner: 'web' }],
      },
      PyPI: { banned: [{ name: 'PyYAML', versions: '<5.4' }] },
    },
    pipeline: {
      github: { workflow: 'acme/security/.github/workflows/rampart.yml', ref: 'v2*' },
      gitlab: { project: 'acme/ci', file: '/rampart.gitlab-ci.yml' },
    },
    scanners: ['sast', 'sca'],
  };

  it('lists every section, keeping each entry’s index for its removal', () => {
    const view = readPolicy(policy);
    expect(view.name).toBe('Acme road');
    expect(view.bannedLibraries.map((l) => [l.ecosystem, l.index, l.name, l.versions])).toEqual([
      ['npm', 0, 'request', undefined],
      ['npm', 2, 'lodash', '<4.17.21'],
      ['PyPI', 0, 'PyYAML', '<5.4'],
    ]);
    expect(view.approvedLibraries[0]).toMatchObject({ name: 'express', owner: 'web' });
    expect(view.images).toHaveLength(1);
    expect(view.images[0]).toMatchObject({ tags: ['20', '22'], replaces: ['node'], index: 0 });
    expect(view.registries).toEqual(['registry.acme.example']);
    expect(view.requireDigest).toBe(true);
    expect(view.pipelines.map((p) => p.ci)).toEqual(['github', 'gitlab']);
    expect(view.pipelines[0]?.fields).toContainEqual(['ref', 'v2*']);
    expect(view.scanners).toEqual(['sast', 'sca']);
  });

  it('shows an empty or odd policy as empty sections, never failing', () => {
    for (const odd of [null, undefined, 'text', [], { libraries: 'x', baseImages: [1] }]) {
      const view = readPolicy(odd);
      expect(view.bannedLibraries).toEqual([]);
      expect(view.images).toEqual([]);
      expect(view.scanners).toEqual([]);
    }
  });

  it('knows which lists exist (append) and which a form must create (set)', () => {
    expect(hasLibraryList(policy, 'npm', 'banned')).toBe(true);
    expect(hasLibraryList(policy, 'PyPI', 'approved')).toBe(false);
    expect(hasLibraryList(policy, 'Go', 'banned')).toBe(false);
    expect(hasImageList(policy)).toBe(true);
    expect(hasImageList(null)).toBe(false);
  });
});

describe('an invalid policy’s line', () => {
  it('is read from the hub’s message', () => {
    expect(lineOfMessage('line 5, column 9: libraries.npm.banned.0: unknown key "nme"')).toEqual({
      line: 5,
      column: 9,
    });
    expect(lineOfMessage('paved-road.yml:3:1: bad')).toEqual({ line: 3, column: 1 });
    expect(lineOfMessage('the policy is too large')).toBeUndefined();
  });
});

describe('a diff part’s lines', () => {
  it('drops the empty line after the final newline only', () => {
    expect(diffLines('a\nb\n')).toEqual(['a', 'b']);
    expect(diffLines('a\n\n')).toEqual(['a', '']);
    expect(diffLines('a')).toEqual(['a']);
  });
});
