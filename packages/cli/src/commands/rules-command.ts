import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { UsageError } from '@rampart/core';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CommandDeps } from './command-deps.js';

/** Registers `rampart rules test`. */
export function registerRulesCommand(program: Command, deps: CommandDeps): void {
  const rules = program
    .command('rules')
    .summary('work with SAST rules (Semgrep syntax)')
    .description("Commands for the sast scanner's rules.");
  rules
    .command('test')
    .argument(
      '<dir>',
      'folder of rule files (NAME.yaml) and their test files (NAME.js, NAME.py, …)',
    )
    .description(
      "Test rules Semgrep's way: in each test file, the line after a comment `ruleid: <id>` must be matched by that rule and no other line may be (`ok: <id>` marks lines that must stay clean; `todoruleid:`/`todook:` mark known gaps, not counted). Prints a table and exits 1 on any failure.",
    )
    .action(async (dir: string) => {
      const root = resolve(deps.io.cwd, dir);
      try {
        if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
      } catch {
        throw new UsageError(`rules test: ${dir} is not a folder`);
      }
      const { testRules } = await import('@rampart/sast');
      const results = await testRules(root);
      const rel = (p: string) => relative(root, p);
      const lines = ['result  rule                                      test file'];
      for (const r of results) {
        const detail = r.error
          ? `  error: ${r.error}`
          : [
              r.missed.length ? `  missed lines ${r.missed.join(', ')}` : '',
              r.extra.length ? `  unexpected matches on lines ${r.extra.join(', ')}` : '',
              r.todo.length ? `  (todo lines ${r.todo.join(', ')})` : '',
            ].join('');
        lines.push(
          `${r.passed ? 'pass' : 'FAIL'}    ${r.ruleId.padEnd(40)}  ${rel(r.testFile)}${detail}`,
        );
      }
      const failed = results.filter((r) => !r.passed).length;
      lines.push('', `${results.length - failed} passed, ${failed} failed`);
      deps.io.stdout.write(`${lines.join('\n')}\n`);
      if (results.length === 0) {
        deps.io.stderr.write(`rampart: no rule file with a test file beside it under ${dir}\n`);
        deps.setExitCode(ExitCode.Usage);
        return;
      }
      deps.setExitCode(failed > 0 ? ExitCode.GateFailed : ExitCode.Passed);
    });
}
