import { randomBytes } from 'node:crypto';
import {
  lstat,
  mkdir,
  open,
  readFile,
  realpath,
  rename,
  stat as statOf,
  unlink,
} from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { CONFIG_FILE_NAMES, RampartError, UsageError } from '@rampart/core';
import { starterConfig } from './ci-templates.js';
import {
  isGitFolderName,
  type OrgTemplate,
  placeholdersIn,
  substitute,
  type TemplateValues,
  unsafePath,
} from './org-template.js';

/** What applying a template did, file by file (paths relative to the repository). */
export interface AppliedTemplate {
  readonly written: string[];
  /** Files that exist with the same content. */
  readonly unchanged: string[];
  /** Files that exist with other content, left as they are (no --force). */
  readonly kept: string[];
  /** The config file that exists without `pavedRoad:` (the user adds the line). */
  readonly configWithoutPolicy: string | undefined;
  /** The config file that names another policy than the hub's. */
  readonly configWithOtherPolicy: { path: string; policy: string } | undefined;
}

/** A starter rampart.yml that names the organisation's policy. */
export function configWithPolicy(policyUrl: string): string {
  return starterConfig().replace(
    /^# pavedRoad: .*$/m,
    `pavedRoad: ${policyUrl.replace(/[\r\n]/g, '')}`,
  );
}

async function textOf(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The deepest folder of `path` that exists, resolved through links. */
async function existingAncestor(path: string): Promise<string> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      return await realpath(dir);
    } catch {
      if (dirname(dir) === dir) return dir;
    }
  }
}

/** A file's mode: a script (`#!`, e.g. a git hook) is executable. */
export const modeOf = (text: string): number => (text.startsWith('#!') ? 0o755 : 0o644);

/**
 * Writes `text` to `target` through a new file in the same folder, renamed into place: an
 * existing file is replaced, never written through (a hard link to it keeps its content), and
 * a crash leaves the old file or the new one, never half of one. The mode is {@link modeOf}
 * the text, less the umask.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.rampart-tmp`,
  );
  // `wx`: a new file, never one that is there (or a link planted under that name).
  const handle = await open(temporary, 'wx', modeOf(text));
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (err) {
    await unlink(temporary).catch(() => {});
    throw err;
  }
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
};

/**
 * Writes a template's files into the repository at `root`, placeholders filled in. Every
 * path is checked before anything is written: a path that is unsafe, or that would be
 * written through a symbolic link or outside the repository, refuses the whole template.
 * An existing file with other content is kept unless `force`; one with the same content is
 * left alone. Without a config file in the template or the repository, a `rampart.yml`
 * naming the organisation's policy is written. Each file is written to a new file beside it
 * and renamed into place ({@link writeFileAtomic}); a script (`#!`) gets mode 0755, others 0644.
 * @throws UsageError when a file needs `{{project}}` and no project was given;
 * RampartError `RAMPART_HUB` for a path that must not be written.
 */
export async function applyTemplate(
  root: string,
  template: OrgTemplate,
  values: TemplateValues,
  options: { readonly force: boolean },
): Promise<AppliedTemplate> {
  const files = template.files.map((f) => ({ path: f.path, text: substitute(f.content, values) }));
  const needsProject = template.files.filter((f) => placeholdersIn(f.content).has('project'));
  if (values.project === undefined && needsProject.length > 0)
    throw new UsageError(
      `template ${template.name}@${template.version} uses {{project}} (in ${needsProject.map((f) => f.path).join(', ')}): pass --project with the project id on the hub`,
    );

  const existingConfigs: string[] = [];
  for (const name of CONFIG_FILE_NAMES)
    if ((await textOf(join(root, name))) !== undefined) existingConfigs.push(name);
  const isConfig = (path: string) => (CONFIG_FILE_NAMES as readonly string[]).includes(path);
  if (!files.some((f) => isConfig(f.path)) && existingConfigs.length === 0)
    files.push({ path: 'rampart.yml', text: configWithPolicy(values.policyUrl) });

  const realRoot = await realpath(root);
  const planned: { path: string; text: string; state: 'new' | 'same' | 'other' }[] = [];
  for (const file of files) {
    const why = unsafePath(file.path);
    if (why) throw new RampartError('RAMPART_HUB', `refused to write ${file.path}: it ${why}`);
    const target = join(realRoot, ...file.path.split('/'));
    // A folder of the path that is a link out of the repository, or into its .git folder
    // (`hooks -> .git/hooks`), would take the write there.
    const folder = await existingAncestor(target);
    if (!inside(realRoot, folder))
      throw new RampartError(
        'RAMPART_HUB',
        `refused to write ${file.path}: a folder on its path links outside the repository; nothing was written`,
      );
    if (!(await statOf(folder)).isDirectory())
      throw new RampartError(
        'RAMPART_HUB',
        `refused to write ${file.path}: ${relative(realRoot, folder)} is a file in the repository; nothing was written`,
      );
    if (relative(realRoot, folder).split(sep).some(isGitFolderName))
      throw new RampartError(
        'RAMPART_HUB',
        `refused to write ${file.path}: a folder on its path links into .git/; nothing was written`,
      );
    let state: 'new' | 'same' | 'other' = 'new';
    const stat = await lstat(target).catch(() => undefined);
    if (stat?.isSymbolicLink() || stat?.isDirectory())
      throw new RampartError(
        'RAMPART_HUB',
        `refused to write ${file.path}: it is a ${stat.isDirectory() ? 'folder' : 'symbolic link'} in the repository; nothing was written`,
      );
    if (stat) state = (await textOf(target)) === file.text ? 'same' : 'other';
    // Another config file name already configures the repository: the template's would compete.
    if (state === 'new' && isConfig(file.path) && existingConfigs.length > 0) state = 'other';
    planned.push({ ...file, state });
  }

  const result: AppliedTemplate = {
    written: [],
    unchanged: [],
    kept: [],
    configWithoutPolicy: undefined,
    configWithOtherPolicy: undefined,
  };
  for (const file of planned) {
    if (file.state === 'same') {
      result.unchanged.push(file.path);
      continue;
    }
    if (file.state === 'other' && !options.force) {
      result.kept.push(file.path);
      continue;
    }
    const target = join(realRoot, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFileAtomic(target, file.text);
    result.written.push(file.path);
  }

  // The config now in force: does it name the organisation's policy?
  const config = CONFIG_FILE_NAMES.find(
    (name) => existingConfigs.includes(name) || result.written.includes(name),
  );
  const text = config && (await textOf(join(realRoot, config)));
  if (config && text !== undefined) {
    const named = /^pavedRoad:[ \t]*["']?([^"'#\s]+)/m.exec(text)?.[1];
    if (named === undefined) return { ...result, configWithoutPolicy: config };
    if (named !== values.policyUrl)
      return { ...result, configWithOtherPolicy: { path: config, policy: named } };
  }
  return result;
}
