import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadRules } from './rules/load-rules.js';
import type { Rule } from './rules/rule.js';

/** A built-in rule with where it lives, for docs and the registry test. */
export interface BuiltInRule {
  readonly rule: Rule;
  /** `javascript` or `python`: the folder under rules/. */
  readonly family: string;
  /** The rule file, relative to the rules folder. */
  readonly file: string;
}

/** Reads every built-in rule file under `dir` (sorted); a broken file throws. */
export function readBuiltInRules(dir: string, files: readonly string[]): BuiltInRule[] {
  return files.flatMap((file) => {
    const loaded = loadRules(readFileSync(file, 'utf8'), file);
    const issue = loaded.issues[0];
    if (issue) throw new Error(`${file}: rule ${issue.ruleId}: ${issue.field}: ${issue.message}`);
    const path = relative(dir, file).split('\\').join('/');
    return loaded.rules.map((rule) => ({ rule, family: path.split('/')[0] ?? '', file: path }));
  });
}

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** `docs/sast-rules.md`: every built-in rule, by language, with what it finds and the fix. */
export function rulesMarkdown(rules: readonly BuiltInRule[]): string {
  const families = [...new Set(rules.map((r) => r.family))].sort();
  const sections = families.flatMap((family) => {
    const mine = rules
      .filter((r) => r.family === family)
      .sort((a, b) => a.rule.id.localeCompare(b.rule.id, 'en'));
    const title =
      family === 'javascript'
        ? 'JavaScript and TypeScript'
        : family === 'python'
          ? 'Python'
          : family;
    return [
      `## ${title} (${mine.length} rules)`,
      '',
      '| rule id | finds | severity | mode | CWE | OWASP 2021 | frameworks |',
      '|---|---|---|---|---|---|---|',
      ...mine.map(({ rule }) => {
        const owasp = rule.metadata.owasp.map((o) => /A\d\d:2021/.exec(o)?.[0] ?? o).join(', ');
        const frameworks = rule.metadata.extra.frameworks;
        const fw = Array.isArray(frameworks) ? frameworks.join(', ') : '';
        const summary = rule.message.split(/(?<=\.)\s/)[0] ?? rule.message;
        return `| \`${rule.id}\` | ${cell(summary)} | ${rule.severity} | ${rule.mode} | ${rule.metadata.cwe.join(', ')} | ${owasp} | ${cell(fw)} |`;
      }),
      '',
    ];
  });
  return [
    '# Built-in SAST rules',
    '',
    `Generated from \`packages/sast/rules/\` by \`npm run gen\`: ${rules.length} rules. Each rule`,
    'folder holds the rule (`<id>.yaml`, with its remediation and references) and its annotated',
    'test file, run by `rampart rules test packages/sast/rules`. Turn a rule off with',
    '`rules: { <id>: off }` in rampart.yml, or all of them with `sast: { builtInRules: false }`.',
    "`$X` in a finding's message is replaced by the code it matched; taint rules add where the",
    'data comes from and where it goes, with lines.',
    '',
    ...sections,
  ].join('\n');
}
