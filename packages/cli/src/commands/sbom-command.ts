import { stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createScanTarget, loadConfig, UsageError } from '@rampart/core';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

interface SbomFlags {
  format: 'cyclonedx-json';
  output?: string;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** Registers `rampart sbom`. */
export function registerSbomCommand(program: Command, deps: CommandDeps): void {
  program
    .command('sbom')
    .summary('write a CycloneDX SBOM of the dependencies')
    .description(
      'Read every lockfile and manifest in a folder (the same ones `rampart scan` reads, honouring .gitignore, .rampartignore and rampart.yml excludes) and write a CycloneDX 1.6 JSON SBOM: components with purls, licences where known, and the dependency graph.',
    )
    .argument('[path]', 'folder to describe', '.')
    .addOption(
      new Option('--format <format>', 'SBOM format')
        .choices(['cyclonedx-json'])
        .default('cyclonedx-json'),
    )
    .option('--output <file>', 'write the SBOM to this file instead of stdout')
    .option('--config <file>', 'use this config file instead of rampart.yml')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .action(async (path: string, flags: SbomFlags) => {
      const logger = deps.makeLogger(flags);
      const root = resolve(deps.io.cwd, path);
      try {
        await stat(root);
      } catch {
        throw new UsageError(`path does not exist: ${path}`);
      }
      const config = await loadConfig({
        root,
        configFile: flags.config === undefined ? undefined : resolve(deps.io.cwd, flags.config),
      });
      const target = await createScanTarget(root, {
        maxFileBytes: config.maxFileBytes,
        exclude: config.exclude,
        excludeBase: '',
        gitFacts: false,
        logger,
        signal: deps.signal,
      });
      const { addInstalledNpmLicenses, collectDependencies, toCycloneDxJson } = await import(
        '@rampart/sca/sbom'
      );
      const collected = await collectDependencies(target, logger, deps.signal);
      const dependencies = await addInstalledNpmLicenses(root, collected.dependencies);
      const rootManifest = collected.manifests.find((m) => m.rootName && !m.path.includes('/'));
      const json = await toCycloneDxJson(dependencies, {
        name: rootManifest?.rootName ?? basename(root),
        toolVersion: RAMPART_VERSION,
        workspaces: collected.manifests.flatMap((m) =>
          m.workspaces.map((w) => ({ ...w, ecosystem: m.ecosystem })),
        ),
      });
      if (flags.output) {
        await writeFile(resolve(deps.io.cwd, flags.output), `${json}\n`, 'utf8');
      } else deps.io.stdout.write(`${json}\n`);
      const components = new Set(dependencies.map((d) => d.purl)).size;
      logger.info(
        `SBOM: ${components} components from ${collected.manifests.length} manifest(s)${flags.output ? ` written to ${flags.output}` : ''}`,
      );
      deps.setExitCode(collected.errors.length > 0 ? ExitCode.Usage : ExitCode.Passed);
    });
}
