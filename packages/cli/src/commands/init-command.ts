import { access, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, readGitFacts, UsageError } from '@rampart/core';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { hubServerUrl, hubToken } from '../hub/hub-client.js';
import { applyTemplate, writeFileAtomic } from '../init/apply-template.js';
import {
  DEFAULT_GITLAB_IMAGE,
  githubWorkflow,
  gitlabPipeline,
  starterConfig,
} from '../init/ci-templates.js';
import { fetchTemplate, serverBase, templateRef } from '../init/org-template.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

interface InitFlags {
  ci?: 'github' | 'gitlab';
  force?: boolean;
  image: string;
  template?: string;
  server?: string;
  project?: string;
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
      "Write a starter rampart.yml (when there is none) and, with --ci, a pipeline that runs Rampart on every pull request (gated on what it introduces, with --diff-base) and on the default branch, uploads SARIF to code scanning (GitHub), a JUnit report (GitLab), and keeps one comment on the pull request up to date. The pipelines use least-privilege tokens, actions pinned by commit and images pinned by digest: they pass Rampart's own pipeline checks. Without --ci, the CI is guessed from .github/workflows or .gitlab-ci.yml. With --template NAME --server URL, it writes the organisation's template from the hub's paved-road catalog instead (existing files are kept unless --force).",
    )
    .argument('[path]', 'the repository', '.')
    .addOption(
      new Option('--ci <system>', 'the CI to write a pipeline for').choices(['github', 'gitlab']),
    )
    .option(
      '--force',
      'replace a pipeline file Rampart wrote before (with --template: replace existing files that differ)',
    )
    .option('--image <ref>', 'the container image of the GitLab job', DEFAULT_GITLAB_IMAGE)
    .option(
      '--template <name>',
      "write the organisation's template NAME (or NAME@VERSION) from the hub's paved-road catalog instead of the built-in pipeline (with --server; token in RAMPART_TOKEN)",
    )
    .option(
      '--server <url>',
      'the hub (rampart serve) to read the template from (https, or http to this machine)',
    )
    .option('--project <id>', 'the project id on the hub, for templates that use {{project}}')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart init --ci github      # .github/workflows/rampart.yml (+ rampart.yml)
  rampart init --ci gitlab      # .gitlab-ci.yml, or .gitlab/ci/rampart.yml to include
  RAMPART_TOKEN=… rampart init --template node-service --server https://rampart.example.com
  RAMPART_TOKEN=… rampart init --template node-service@1.2.0 --server https://rampart.example.com --project 6f1c…

With --template, the files of the organisation's template are written with {{server}},
{{policyUrl}}, {{project}} and {{defaultBranch}} filled in. Existing files that differ are
kept and listed (--force replaces them); exit 2 when the template could change nothing.
Without a config file, a rampart.yml whose pavedRoad: is the hub's policy is written.`,
    )
    .action(async (path: string, flags: InitFlags) => {
      const logger = deps.makeLogger(flags);
      const root = resolve(deps.io.cwd, path);
      if (!(await exists(root))) throw new UsageError(`path does not exist: ${path}`);
      const git = await readGitFacts(root);
      // A new repository has no branch yet but the one HEAD names.
      const defaultBranch = git?.defaultBranch ?? git?.branch ?? 'main';
      if (flags.template !== undefined) {
        deps.setExitCode(await initFromTemplate(root, flags, defaultBranch, deps));
        return;
      }
      if (flags.server !== undefined || flags.project !== undefined)
        throw new UsageError('--server and --project go with --template');
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
        await writeFileAtomic(target, file.text);
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

/** `rampart init --template NAME --server URL`: the organisation's template from the hub. */
async function initFromTemplate(
  root: string,
  flags: InitFlags,
  defaultBranch: string,
  deps: CommandDeps,
): Promise<number> {
  if (flags.ci !== undefined) throw new UsageError('--template and --ci cannot be used together');
  if (flags.server === undefined) throw new UsageError("--template needs --server (the hub's URL)");
  const ref = templateRef(flags.template ?? '');
  const server = hubServerUrl(flags.server);
  const token = hubToken(undefined, deps.io.env);
  if (token === undefined)
    throw new UsageError('no token: set RAMPART_TOKEN to a personal access token of the hub');
  const project = flags.project?.trim() || undefined;
  const template = await fetchTemplate({ server, project: project ?? '', token }, ref, deps.signal);
  const base = serverBase(server);
  const policyUrl = `${base}/api/v1/paved-road.yml`;
  const applied = await applyTemplate(
    root,
    template,
    { server: base, policyUrl, project, defaultBranch },
    { force: flags.force === true },
  );
  const out = deps.io.stdout;
  const shown = (p: string) => relative(deps.io.cwd, join(root, p)) || p;
  out.write(`template ${template.name}@${template.version} from ${server.origin}
`);
  for (const p of applied.written)
    out.write(`wrote ${shown(p)}
`);
  for (const p of applied.unchanged)
    out.write(`unchanged ${shown(p)}
`);
  for (const p of applied.kept)
    out.write(`kept ${shown(p)}: it exists with other content (--force replaces it)
`);
  if (applied.configWithoutPolicy)
    out.write(
      `
Next: add the organisation's paved road to ${applied.configWithoutPolicy}:

  pavedRoad: ${policyUrl}
`,
    );
  else if (applied.configWithOtherPolicy)
    out.write(
      `
Note: ${applied.configWithOtherPolicy.path} names the policy ${applied.configWithOtherPolicy.policy}; the organisation's is ${policyUrl}
`,
    );
  if (applied.written.length === 0 && applied.kept.length > 0) return ExitCode.Usage;
  return ExitCode.Passed;
}
