import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseYamlWithSchema } from '@rampart/core';
import { type ModuleFrontMatter, ModuleFrontMatterSchema } from './module-schema.js';

/** Where a module comes from: Rampart's own content, or the organisation's folder. */
export type ModuleSource = 'built-in' | 'organisation';

/** A training module: its front matter, and its markdown body. */
export interface TrainingModule extends ModuleFrontMatter {
  /** The markdown after the front matter. */
  readonly body: string;
  readonly source: ModuleSource;
  /** The file it was read from (as given to the loader). */
  readonly file: string;
}

/** The largest module file read: 256 KiB (a module is an article, not a book). */
export const MAX_MODULE_BYTES = 256 * 1024;

/**
 * Parses one module: `---` front matter (YAML, {@link ModuleFrontMatterSchema}) `---`, then
 * markdown. A problem is a {@link ConfigError} `file:line:column: path: what is wrong`,
 * with the line counted in the whole file.
 */
export function parseModule(text: string, file: string, source: ModuleSource): TrainingModule {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n'))
    throw new ConfigError('a module starts with front matter: a line "---", YAML, then "---"', {
      file,
      line: 1,
      column: 1,
    });
  const end = normalized.indexOf('\n---\n', 3);
  const endAtEof = normalized.endsWith('\n---') ? normalized.length - 4 : -1;
  const close = end === -1 ? endAtEof : end;
  if (close === -1)
    throw new ConfigError('the front matter has no closing "---" line', {
      file,
      line: 1,
      column: 1,
    });
  // A leading newline stands for the opening `---`, so YAML's line numbers are the file's.
  const yaml = `\n${normalized.slice(4, close + 1)}`;
  const { data } = parseYamlWithSchema(yaml, file, ModuleFrontMatterSchema);
  const body = normalized.slice(close + 5).trim();
  if (body === '')
    throw new ConfigError('the module has no text after its front matter', {
      file,
      line: yaml.split('\n').length + 1,
      column: 1,
    });
  return { ...data, body, source, file };
}

/**
 * The modules of a folder: every `*.md` file (sorted by name, sub-folders ignored), each
 * named after its id (`sql-injection.md`). Two modules with one id, a file too large, or a
 * name that is not the id are {@link ConfigError}s naming the file.
 */
export async function loadModules(dir: string, source: ModuleSource): Promise<TrainingModule[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT')
      throw new ConfigError(`the training folder ${dir} does not exist`, undefined, {
        code: 'RAMPART_CONFIG_NOT_FOUND',
      });
    throw error;
  });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .filter((name) => name.toLowerCase() !== 'readme.md')
    .sort();
  const modules: TrainingModule[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const bytes = await readFile(file);
    if (bytes.length > MAX_MODULE_BYTES)
      throw new ConfigError(`the module is larger than ${MAX_MODULE_BYTES} bytes`, {
        file,
        line: 1,
        column: 1,
      });
    const module = parseModule(bytes.toString('utf8'), file, source);
    if (basename(name, '.md') !== module.id)
      throw new ConfigError(`id "${module.id}" must match the file name (${module.id}.md)`, {
        file,
        line: 2,
        column: 1,
      });
    modules.push(module);
  }
  return modules;
}

/**
 * The folder of Rampart's built-in modules (`packages/training/content`): next to `src/` and
 * `dist/`, or, from the bundled CLI, found through the installed `@rampart/training` package.
 */
export function builtInContentDir(): string {
  const beside = fileURLToPath(new URL('../content/', import.meta.url));
  if (existsSync(beside)) return beside;
  const manifest = createRequire(import.meta.url).resolve('@rampart/training/package.json');
  return join(dirname(manifest), 'content');
}
