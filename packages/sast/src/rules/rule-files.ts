import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Rule files under a path: the file itself, or the `.yml`/`.yaml` files of a folder, recursively, sorted. */
export async function ruleFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await ruleFiles(full)));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}
