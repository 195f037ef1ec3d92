import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureIo } from '../test-support/marker-scanner.js';

// `rampart learn` against the real built-in catalog (the sql-injection module's quiz:
// the right answers are 3, 2, 3, 2 in the order the command numbers them).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-learn-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function learn(args: string[], input?: string, env: Record<string, string> = {}) {
  const io = { ...captureIo(dir, env), stdin: Readable.from(input === undefined ? [] : [input]) };
  const code = await runCli(['learn', ...args], { io });
  return { code, out: io.stdout.text(), err: io.stderr.text() };
}

describe('rampart learn', () => {
  it('lists the catalog', async () => {
    const { code, out } = await learn([]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Rampart training: \d+ modules/);
    expect(out).toMatch(/ {2}sql-injection +SQL injection · beginner, 15 min · CWE-89\n/);
  });

  it('prints a module, by id or by CWE, and names the quiz', async () => {
    const byId = await learn(['sql-injection']);
    expect(byId.code).toBe(0);
    expect(byId.out).toContain('## Vulnerable (JavaScript, Express and pg)');
    expect(byId.out).toContain('Test yourself: rampart learn sql-injection --quiz');
    // The quiz's answers are not printed with the module.
    expect(byId.out).not.toContain('Only the bound parameter keeps the value out');
    expect((await learn(['--cwe', '89'])).out).toBe(byId.out);
    expect((await learn(['--cwe', 'CWE-89'])).out).toBe(byId.out);
  });

  it('takes the quiz from stdin: re-asks on a bad answer, then scores and explains', async () => {
    const passed = await learn(['sql-injection', '--quiz'], '3\nseven\n2\n3\n2\n');
    expect(passed.code).toBe(0);
    expect(passed.out).toContain('type a number from 1 to 4');
    expect(passed.out).toContain('4 of 4 right (100 %)');
    expect(passed.out).toMatch(/Passed\.\n$/);

    const failed = await learn(['sql-injection', '--quiz'], '1\n1\n1\n1\n');
    expect(failed.out).toContain('0 of 4 right (0 %)');
    expect(failed.out).toContain('✖ the answer is 3) db.query(');
    expect(failed.out).toContain('Not yet: read the module again');

    const stopped = await learn(['sql-injection', '--quiz'], '3\n');
    expect(stopped.code).toBe(2);
    expect(stopped.out).toContain('quiz stopped: no more answers on stdin');
  });

  it('suggests the closest id for a typo, and refuses a CWE it does not know', async () => {
    const typo = await learn(['sqli-injection']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(
      /no training module "sqli-injection"[\s\S]*did you mean sql-injection\?/,
    );
    const unknown = await learn(['--cwe', '99999']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no module teaches CWE-99999 yet');
    expect((await learn(['--cwe', 'eighty'])).err).toContain('expected a CWE id such as CWE-89');
  });

  it("adds the organisation's modules, and reports a broken one with its file and line", async () => {
    const own = await mkdtemp(join(dir, 'own-'));
    await writeFile(
      join(own, 'our-auth.md'),
      `---
id: our-auth
title: Our sign-in library
summary: Use the company sign-in library instead of writing your own.
cwe: [CWE-287]
languages: [any]
level: beginner
minutes: 5
quiz:
  - { question: Which library?, choices: [ours, yours], answer: 0, explanation: The one we maintain. }
  - { question: Who reviews it?, choices: [security, nobody], answer: 0, explanation: The security team. }
  - { question: Where is it?, choices: [the paved road, a blog], answer: 0, explanation: On the paved road. }
---
Use it.
`,
    );
    const listed = await learn([], undefined, { RAMPART_TRAINING_DIR: own });
    expect(listed.out).toMatch(/our-auth +Our sign-in library · beginner, 5 min · CWE-287 · yours/);
    await writeFile(join(own, 'broken.md'), '---\nid: broken\nlevel: expert\n---\nText\n');
    const broken = await learn(['--dir', own]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.md:\d+:\d+: /);
  });
});
