import { cweName } from '@rampart/core';

// The text of a "spot the bug" challenge: its template, category, code block and flag.

/** The question every history challenge asks. */
export const HISTORY_QUESTION =
  'This code from one of our services had a flaw that we fixed. Which line is vulnerable, and what is the weakness (CWE)?';

/** How to answer, said in every published challenge. */
export const FLAG_FORMAT_TEXT = 'Answer as `L<line>:CWE-<number>`, e.g. `L3:CWE-79`.';

/** The flag of a challenge: checked case-insensitively, so `l3:cwe-79` is right too. */
export function historyFlag(line: number, cwe: string): string {
  return `L${line}:${cwe.toUpperCase()}`;
}

/** The default title of a draft. */
export function defaultTitle(cwe: string): string {
  const name = cweName(cwe);
  return name === undefined ? `Spot the bug (${cwe})` : `Spot the bug: ${name}`;
}

const CATEGORIES: readonly (readonly [string, readonly number[]])[] = [
  [
    'web',
    [
      20, 22, 23, 73, 74, 77, 78, 79, 80, 88, 89, 90, 91, 93, 94, 95, 98, 113, 116, 134, 352, 434,
      441, 470, 502, 601, 611, 643, 776, 829, 915, 917, 918, 943, 1236, 1321, 1333,
    ],
  ],
  [
    'crypto',
    [
      261, 295, 296, 297, 310, 311, 312, 319, 320, 321, 323, 324, 325, 326, 327, 328, 329, 330, 331,
      335, 336, 337, 338, 347, 757, 759, 760, 780, 916,
    ],
  ],
  [
    'auth',
    [
      256, 259, 260, 269, 284, 285, 287, 288, 290, 294, 306, 307, 345, 384, 521, 522, 532, 598, 613,
      639, 640, 862, 863, 798, 1004, 614, 1275,
    ],
  ],
  ['pwn', [119, 120, 121, 122, 124, 125, 126, 127, 190, 191, 415, 416, 457, 476, 680, 787, 824]],
];

/** A CTF category for a CWE: web, crypto, auth, pwn, else code-review. */
export function categoryOf(cwe: string): string {
  const n = Number(/^CWE-(\d+)$/i.exec(cwe)?.[1]);
  for (const [category, cwes] of CATEGORIES) if (cwes.includes(n)) return category;
  return 'code-review';
}

const LANGUAGES: Readonly<Record<string, string>> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  ts: 'ts',
  tsx: 'tsx',
  py: 'python',
  rb: 'ruby',
  php: 'php',
  java: 'java',
  kt: 'kotlin',
  go: 'go',
  rs: 'rust',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cs: 'csharp',
  swift: 'swift',
  sh: 'sh',
  yml: 'yaml',
  yaml: 'yaml',
  json: 'json',
  tf: 'hcl',
  sql: 'sql',
  html: 'html',
  xml: 'xml',
};

/** The code block's language from a file path's extension (the path itself is not kept). */
export function languageOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  if (/^dockerfile/i.test(base)) return 'dockerfile';
  const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase();
  return ext === undefined ? '' : (LANGUAGES[ext] ?? ext);
}

/** The number of lines of a snippet. */
export function lineCount(snippet: string): number {
  return snippet.split('\n').length;
}

/** The snippet with its lines numbered (`1 | code`), aligned. */
export function numberedLines(snippet: string): string {
  const lines = snippet.split('\n');
  const width = String(lines.length).length;
  return lines.map((l, i) => `${String(i + 1).padStart(width)} | ${l}`).join('\n');
}

/**
 * The published challenge's description: the draft's text, the flag format, and the numbered
 * snippet as a fenced code block (a fence longer than any run of backticks in the code, so
 * the code cannot close it).
 */
export function challengeDescription(
  description: string,
  snippet: string,
  language: string,
): string {
  const longest = Math.max(2, ...[...snippet.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${description.trim()}\n\n${FLAG_FORMAT_TEXT}\n\n${fence}${language}\n${numberedLines(snippet)}\n${fence}\n`;
}
