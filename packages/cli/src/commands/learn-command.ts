import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { suggestClosest, UsageError } from '@rampart/core';
import type { TrainingModule } from '@rampart/training';
import type { Command } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandDeps } from './command-deps.js';

interface LearnFlags {
  readonly cwe?: string;
  readonly quiz?: boolean;
  readonly dir?: string;
}

/**
 * Registers `rampart learn [module]`: Rampart's training catalog in the terminal, offline.
 * Without a module, the catalog; with one (or `--cwe`), the module; `--quiz` asks its
 * questions, one answer per line on stdin, then shows the score and every explanation.
 */
export function registerLearnCommand(program: Command, deps: CommandDeps): void {
  program
    .command('learn')
    .summary('read a training module and take its quiz, offline')
    .description(
      "Rampart's training catalog: a module per weakness, with a vulnerable and a fixed example in your stack, how Rampart finds it, and a short quiz. Findings in text reports and PR comments name the module to read (`learn: … rampart learn <id>`).",
    )
    .argument('[module]', 'the module id (e.g. sql-injection); without one, the catalog')
    .option('--cwe <id>', 'the module for a CWE (e.g. CWE-89 or 89)')
    .option('--quiz', 'take the quiz: type the number of your answer to each question')
    .option(
      '--dir <folder>',
      "the organisation's own modules, added to the built-in ones (default: $RAMPART_TRAINING_DIR)",
    )
    .addHelpText(
      'after',
      `
Examples:
  rampart learn                       # the catalog
  rampart learn sql-injection         # read a module
  rampart learn --cwe 79              # the module for a CWE
  rampart learn sql-injection --quiz  # take its quiz`,
    )
    .action(async (id: string | undefined, flags: LearnFlags) => {
      const { loadCatalog } = await import('@rampart/training');
      const dir = flags.dir ?? deps.io.env.RAMPART_TRAINING_DIR;
      const catalog = await loadCatalog({
        organisationDir: dir ? resolve(deps.io.cwd, dir) : undefined,
      });
      const out = (text: string) => deps.io.stdout.write(`${text}\n`);
      const color = useColor(deps.io.stdout, deps.io.env);
      const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[22m` : t);

      let module: TrainingModule | undefined;
      if (flags.cwe !== undefined) {
        const cwe = /^(?:cwe-)?(\d+)$/i.exec(flags.cwe.trim())?.[1];
        if (cwe === undefined)
          throw new UsageError(`--cwe ${flags.cwe}: expected a CWE id such as CWE-89`);
        module = catalog.moduleForCwes([`CWE-${cwe}`]);
        if (module === undefined)
          throw new UsageError(`no module teaches CWE-${cwe} yet`, {
            hint: 'rampart learn lists the catalog',
          });
      } else if (id !== undefined) {
        module = catalog.byId(id);
        if (module === undefined) {
          const near = suggestClosest(
            id,
            catalog.modules.map((m) => m.id),
          );
          throw new UsageError(`no training module "${id}"`, {
            hint: near
              ? `did you mean ${near}? (rampart learn lists them)`
              : 'rampart learn lists the modules',
          });
        }
      }

      if (module === undefined) {
        out(bold(`Rampart training: ${catalog.modules.length} modules`));
        for (const m of catalog.modules)
          out(
            `  ${m.id.padEnd(30)} ${m.title} · ${m.level}, ${m.minutes} min · ${m.cwe.join(' ')}${
              m.source === 'organisation' ? ' · yours' : ''
            }`,
          );
        out('\nRead one: rampart learn <id>. Take its quiz: rampart learn <id> --quiz');
        deps.setExitCode(ExitCode.Passed);
        return;
      }

      if (!flags.quiz) {
        out(bold(module.title));
        out(
          `${module.summary}\n${module.cwe.join(' ')} · ${module.level} · ${module.minutes} min\n`,
        );
        out(module.body);
        out(`\nTest yourself: rampart learn ${module.id} --quiz`);
        deps.setExitCode(ExitCode.Passed);
        return;
      }

      const stdin = deps.io.stdin;
      if (stdin === undefined)
        throw new UsageError('--quiz reads your answers from stdin, which is not available');
      const answers = createInterface({ input: stdin, terminal: false })[Symbol.asyncIterator]();
      const ask = async (prompt: string, choices: number): Promise<number | undefined> => {
        for (;;) {
          deps.io.stdout.write(prompt);
          const next = await answers.next();
          if (next.done) return undefined;
          const n = Number.parseInt(String(next.value).trim(), 10);
          if (n >= 1 && n <= choices) return n - 1;
          out(`  type a number from 1 to ${choices}`);
        }
      };
      out(bold(`Quiz: ${module.title} (${module.quiz.length} questions)`));
      let correct = 0;
      const review: string[] = [];
      for (const [i, q] of module.quiz.entries()) {
        out(`\n${i + 1}. ${q.question}`);
        q.choices.forEach((c, k) => {
          out(`   ${k + 1}) ${c}`);
        });
        const answer = await ask('your answer: ', q.choices.length);
        if (answer === undefined) {
          out('\nquiz stopped: no more answers on stdin');
          deps.setExitCode(ExitCode.Usage);
          return;
        }
        const right = answer === q.answer;
        if (right) correct++;
        review.push(
          `${i + 1}. ${right ? '✔ right' : `✖ the answer is ${q.answer + 1}) ${q.choices[q.answer]}`}\n   ${q.explanation}`,
        );
      }
      const score = Math.round((100 * correct) / module.quiz.length);
      out(`\n${bold(`${correct} of ${module.quiz.length} right (${score} %)`)}\n`);
      out(review.join('\n'));
      out(
        score >= 80
          ? '\nPassed.'
          : `\nNot yet: read the module again (rampart learn ${module.id}) and retry.`,
      );
      deps.setExitCode(ExitCode.Passed);
    });
}
