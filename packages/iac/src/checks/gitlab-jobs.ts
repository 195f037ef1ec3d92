import type { Node } from 'yaml';
import type { YamlDoc } from '../check.js';
import { entries, items, positionOf, scalar } from '../parsers/yaml-doc.js';

/** Top-level keys of .gitlab-ci.yml that are not jobs. */
const NOT_JOBS = new Set([
  'stages',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
]);

/** One line of a job's script, with its position. */
export interface ScriptLine {
  readonly job: string;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The jobs (and `default`) of a GitLab CI file: name and map node. */
export function jobs(doc: YamlDoc): { name: string; node: Node }[] {
  const root = doc.documents[0]?.contents;
  return entries(root).flatMap(([name, node]) =>
    node && (!NOT_JOBS.has(name) || name === 'default') && !name.startsWith('.')
      ? [{ name, node }]
      : [],
  );
}

/** Every script line of every job (`script`, `before_script`, `after_script`). */
export function scriptLines(doc: YamlDoc): ScriptLine[] {
  const root = doc.documents[0]?.contents;
  const out: ScriptLine[] = [];
  const owners = [{ name: '(global)', node: root as Node }, ...jobs(doc)];
  for (const { name, node } of owners) {
    for (const [key, value] of entries(node)) {
      if (!['script', 'before_script', 'after_script'].includes(key)) continue;
      const lines = scalar(value) !== undefined ? [value as Node] : items(value);
      for (const item of lines) {
        const text = scalar(item);
        if (text === undefined) continue;
        const at = positionOf(doc, item);
        out.push({ job: name, text, line: at.line, column: at.column });
      }
    }
  }
  return out;
}
