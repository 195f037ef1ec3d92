import { describe, expect, it } from 'vitest';
import {
  categoryOf,
  challengeDescription,
  defaultTitle,
  historyFlag,
  languageOf,
  numberedLines,
} from './challenge-text.js';

describe('history challenge text', () => {
  it('writes the flag as L<line>:CWE-<n>', () => {
    expect(historyFlag(3, 'cwe-79')).toBe('L3:CWE-79');
  });

  it('numbers lines aligned to the widest number', () => {
    const text = Array.from({ length: 10 }, (_, i) => `l${i + 1}`).join('\n');
    expect(numberedLines(text).split('\n').slice(8)).toEqual([' 9 | l9', '10 | l10']);
  });

  it('fences the code with more backticks than it holds, after the flag format', () => {
    const description = challengeDescription('Which line?', 'const s = ```x```;', 'js');
    expect(description).toBe(
      'Which line?\n\nAnswer as `L<line>:CWE-<number>`, e.g. `L3:CWE-79`.\n\n````js\n1 | const s = ```x```;\n````\n',
    );
  });

  it('derives the category, language and title', () => {
    expect(categoryOf('CWE-89')).toBe('web');
    expect(categoryOf('CWE-327')).toBe('crypto');
    expect(categoryOf('CWE-798')).toBe('auth');
    expect(categoryOf('CWE-787')).toBe('pwn');
    expect(categoryOf('CWE-1004')).toBe('auth');
    expect(categoryOf('CWE-400')).toBe('code-review');
    expect(languageOf('services/x/ledger.py')).toBe('python');
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('Makefile')).toBe('');
    expect(defaultTitle('CWE-79')).toMatch(/^Spot the bug: Improper Neutralization/);
    expect(defaultTitle('CWE-999999')).toBe('Spot the bug (CWE-999999)');
  });
});
