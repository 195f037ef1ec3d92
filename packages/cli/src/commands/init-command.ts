import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, readGitFacts, UsageError } from '@rampart/core';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import {
  DEFAULT_GITLAB_IMAGE,
  githubWorkflow,
  gitlabPipeline,
  starterConfig,
} from '../init/ci-templates.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

interface InitFlags {
  ci?: 'github' | 'gitlab';
  force?: boolean;
  image: string;
  verbose?: boolean;
  quiet?: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** One file `init` means to write: where, what, and whether it may replace one. */
interface Planned {
  readonly path: string;
  readonly text: string;
  /** A file that is only written when missing (never replaced, even with --force). */
  readonly keepExisting?: boolean;
}

/** Registers `rampart init`. */
export function registerInitCommand(program: Command, deps: CommandDeps): void {
  program
    .command('init')
    .summary('set Rampart up in a repository: rampart.yml and a CI pipeline')
    .description(
      "Write a starter rampart.yml (when there is none) and, with --ci, a pipeline that runs Rampart on every pull request (gated on what it introduces, with --diff-base) and on the default branch, uploads SARIF to code scanning (GitHub), a JUnit report (GitLab), and keeps one comment on the pull request up to date. The pipelines use least-privilege tokens, actions pinned by commit and images pinned by digest: they pass Rampart's own pipeline checks. Without --ci, the CI is guessed from .github/workflows or .gitlab-ci.yml.",
    )
    .argument('[path]', 'the repository', '.')
    .addOption(
      new Option('--ci <system>', 'the CI to write a pipeline for').choices(['github', 'gitlab']),
    )
    .option('--force', 'replace a pipeline file Rampart wrote before')
    .option('--image <ref>', 'the container image of the GitLab job', DEFAULT_GITLAB_IMAGE)
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart init --ci github      # .github/workflows/rampart.yml (+ rampart.yml)
  rampart init --ci gitlab      # .gitlab-ci.yml, or .gitlab/ci/rampart.yml to include`,
    )
    .action(async (path: string, flags: InitFlags) => {
      const logger = deps.makeLogger(flags);
      const root = resolve(deps.io.cwd, path);
      if (!(await exists(root))) throw new UsageError(`path does not exist: ${path}`);
      const git = await readGitFacts(root);
      // A new repository has no branch yet but the one HEAD names.
      const defaultBranch = git?.defaultBranch ?? git?.branch ?? 'main';
      const ci =
        flags.ci ??
        ((await exists(join(root, '.github', 'workflows')))
          ? 'github'
          : (await exists(join(root, '.gitlab-ci.yml')))
            ? 'gitlab'
            : undefined);
      const options = { cli: `@rampart/cli@${RAMPART_VERSION}`, defaultBranch };
      const planned: Planned[] = [];
      const hasConfig = (
        await Promise.all(CONFIG_FILE_NAMES.map((n) => exists(join(root, n))))
      ).some(Boolean);
      if (!hasConfig)
        planned.push({ path: 'rampart.yml', text: starterConfig(), keepExisting: true });
      let includeHint: string | undefined;
      if (ci === 'github') {
        planned.push({ path: '.github/workflows/rampart.yml', text: githubWorkflow(options) });
      } else if (ci === 'gitlab') {
        const pipeline = gitlabPipeline({ ...options, image: flags.image });
        if (await exists(join(root, '.gitlab-ci.yml'))) {
          planned.push({ path: '.gitlab/ci/rampart.yml', text: pipeline });
          includeHint =
            'add the jobs to your pipeline in .gitlab-ci.yml:\n\n  include:\n    - local: .gitlab/ci/rampart.yml\n';
        } else planned.push({ path: '.gitlab-ci.yml', text: pipeline });
      }
      // Check everything before writing anything: a refused file leaves the tree untouched.
      for (const file of planned) {
        if (!file.keepExisting && !flags.force && (await exists(join(root, file.path)))) {
          throw new UsageError(`${file.path} already exists`, {
            hint: 'pass --force to replace it, or merge the jobs by hand (see docs/ci.md)',
          });
        }
      }
      for (const file of planned) {
        const target = join(root, file.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.text, 'utf8');
        deps.io.stdout.write(`wrote ${relative(deps.io.cwd, target) || file.path}\n`);
      }
      if (hasConfig) logger.info('rampart.yml exists; left as it is');
      if (includeHint) deps.io.stdout.write(`\nNext: ${includeHint}`);
      if (ci === undefined) {
        deps.io.stdout.write(
          '\nNo CI found: run `rampart init --ci github` or `rampart init --ci gitlab` to add a pipeline.\n',
        );
      } else if (ci === 'gitlab') {
        deps.io.stdout.write(
          '\nFor merge request comments, add RAMPART_GITLAB_TOKEN (a project access token with the api scope) as a masked CI/CD variable.\n',
        );
      }
      deps.io.stdout.write(
        'Install the pre-commit hook that stops secrets before they are committed: `rampart hook install`.\n',
      );
      deps.setExitCode(ExitCode.Passed);
    });
}
