import { describe, expect, it } from 'vitest';
import { isGitFolderName, unsafePath } from './org-template.js';

describe('unsafePath', () => {
  it.each([
    '.github/workflows/rampart.yml',
    'SECURITY.md',
    '.husky/pre-commit',
    'docs/.gitkeep',
    '.gitlab-ci.yml',
    'git~readme.md',
  ])('lets %s through', (path) => {
    expect(unsafePath(path)).toBeUndefined();
  });

  it.each([
    ['.git/hooks/pre-commit', 'is inside .git/'],
    ['.GIT/config', 'is inside .git/'],
    // Windows drops trailing dots and spaces, and knows .git by its short name.
    ['.git./hooks/pre-commit', 'is inside .git/'],
    ['.git /hooks/pre-commit', 'is inside .git/'],
    ['GIT~1/hooks/pre-commit', 'is inside .git/'],
    // HFS+ ignores zero-width code points in names.
    ['.g\u200cit/hooks/pre-commit', 'is inside .git/'],
    ['sub/.git\ufeff/config', 'is inside .git/'],
    // An NTFS stream of the .git folder is the folder.
    ['.git::$INDEX_ALLOCATION/hooks/pre-commit', 'contains a colon'],
    ['C:/x', 'is absolute'],
    ['a\nwrote b', 'contains a control character'],
    ['\u001b[2Jx', 'contains a control character'],
    ['../x', 'climbs out of the repository (..)'],
  ])('refuses %j: it %s', (path, why) => {
    expect(unsafePath(path)).toBe(why);
  });
});

describe('isGitFolderName', () => {
  it('knows .git under its other spellings, and nothing else', () => {
    expect(
      ['.git', '.Git', '.git...', 'git~1', 'GIT~2', '.g\u200dit'].map(isGitFolderName),
    ).toEqual([true, true, true, true, true, true]);
    expect(['git', '.github', '.gitignore', 'x.git', '.git~1'].map(isGitFolderName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
