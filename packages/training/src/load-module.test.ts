import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@rampart/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, loadCatalog } from './catalog.js';
import { loadModules, parseModule } from './load-module.js';

const quiz = `quiz:
  - question: Which is safe?
    choices: [a, b]
    answer: 1
    explanation: Because b binds the value.
  - question: Which is fast?
    choices: [a, b]
    answer: 0
    explanation: Because a does less work.
  - question: Which is right?
    choices: [a, b, c]
    answer: 2
    explanation: Because c is the answer here.
`;
const front = (extra = '', id = 'csrf') => `---
id: ${id}
title: Cross-site request forgery
summary: Protect state-changing requests with tokens and SameSite cookies.
cwe: [CWE-352]
languages: [javascript, python]
level: intermediate
minutes: 10
${extra}${quiz}---
`;

describe('parseModule', () => {
  it('reads the front matter and the body, CRLF and BOM included', () => {
    const text = `\uFEFF${front()}\n# CSRF\n\nText.\n`.replace(/\n/g, '\r\n');
    const module = parseModule(text, 'csrf.md', 'built-in');
    expect(module).toMatchObject({
      id: 'csrf',
      cwe: ['CWE-352'],
      languages: ['javascript', 'python'],
      frameworks: [],
      level: 'intermediate',
      minutes: 10,
      source: 'built-in',
      body: '# CSRF\n\nText.',
    });
    expect(module.quiz[2]).toEqual({
      question: 'Which is right?',
      choices: ['a', 'b', 'c'],
      answer: 2,
      explanation: 'Because c is the answer here.',
    });
  });

  it.each([
    ['no front matter', '# Title\n', /csrf\.md:1:1: a module starts with front matter/],
    ['no closing line', '---\nid: csrf\n', /csrf\.md:1:1: the front matter has no closing/],
    ['no body', front(), /csrf\.md:\d+:1: the module has no text after its front matter/],
    [
      'an answer out of range',
      `${front().replace('answer: 2', 'answer: 3')}Body`,
      /csrf\.md:2[0-9]:\d+: quiz\.2\.answer: answer 3 is not one of the 3 choices/,
    ],
    [
      'a bad CWE, on its own line',
      `${front().replace('cwe: [CWE-352]', 'cwe:\n  - CWE352')}Body`,
      /csrf\.md:6:5: cwe\.0: a CWE id such as "CWE-89"/,
    ],
    [
      'an unknown level',
      `${front().replace('intermediate', 'expert')}Body`,
      /csrf\.md:7:8: level: expected one of beginner, intermediate, advanced/,
    ],
    ['an unknown key', `${front('author: me\n')}Body`, /csrf\.md:9:1: .*author/],
    ['too few questions', `${front().replace(/quiz:[\s\S]*$/, 'quiz: []\n---\n')}Body`, /quiz/],
  ])('refuses %s, naming the file, line and problem', (_what, text, message) => {
    expect(() => parseModule(text, 'csrf.md', 'organisation')).toThrow(ConfigError);
    expect(() => parseModule(text, 'csrf.md', 'organisation')).toThrow(message);
  });

  it('throws nothing but a ConfigError, whatever the text (property)', () => {
    const pieces = fc.constantFrom(
      '---\n',
      front(),
      'id: x\n',
      'quiz:\n  - question: q\n',
      'answer: 9\n',
      '# Heading\n',
      ': :\n',
      '\t',
      '"',
      '\r\n',
      '[',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string({ maxLength: 40 })), { maxLength: 12 }),
        (parts) => {
          try {
            parseModule(parts.join(''), 'x.md', 'organisation');
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('loading folders and the catalog', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-training-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file not named after its id, and a folder that does not exist', async () => {
    const folder = await mkdtemp(join(dir, 'misnamed-'));
    await writeFile(join(folder, 'other.md'), `${front()}Body\n`);
    await expect(loadModules(folder, 'organisation')).rejects.toThrow(
      /other\.md:2:1: id "csrf" must match the file name \(csrf\.md\)/,
    );
    await expect(loadModules(join(dir, 'absent'), 'organisation')).rejects.toThrow(
      /does not exist/,
    );
  });

  it("adds the organisation's modules and lets one replace a built-in module by id", async () => {
    const own = await mkdtemp(join(dir, 'own-'));
    await writeFile(join(own, 'csrf.md'), `${front()}Our own CSRF module.\n`);
    await writeFile(
      join(own, 'sql-injection.md'),
      `${front('', 'sql-injection').replace('cwe: [CWE-352]', 'cwe: [CWE-89]')}Our stack's version.\n`,
    );
    await writeFile(join(own, 'README.md'), 'not a module');
    const catalog = await loadCatalog({ organisationDir: own });
    expect(catalog.byId('csrf')?.source).toBe('organisation');
    const sqli = catalog.byId('sql-injection');
    expect(sqli?.source).toBe('organisation');
    expect(sqli?.body).toBe("Our stack's version.");
    expect(catalog.modules.filter((m) => m.id === 'sql-injection')).toHaveLength(1);
  });

  it('links a finding to the most specific module of its first CWE that has one', () => {
    const make = (id: string, cwe: string[], level: 'beginner' | 'advanced') =>
      parseModule(
        `${front('', id)
          .replace('cwe: [CWE-352]', `cwe: [${cwe.join(', ')}]`)
          .replace('intermediate', level)}Body`,
        `${id}.md`,
        'built-in',
      );
    const catalog = new Catalog([
      make('crypto-overview', ['CWE-327', 'CWE-328', 'CWE-916'], 'beginner'),
      make('password-storage', ['CWE-916'], 'advanced'),
      make('weak-hashes', ['CWE-328'], 'beginner'),
    ]);
    expect(catalog.moduleForCwes(['CWE-916'])?.id).toBe('password-storage');
    expect(catalog.moduleForCwes(['CWE-79', 'cwe-328'])?.id).toBe('weak-hashes');
    expect(catalog.moduleForCwes(['CWE-79'])).toBeUndefined();
    expect(catalog.forCwe('CWE-327').map((m) => m.id)).toEqual(['crypto-overview']);
  });
});
