import type { Node } from 'yaml';
import { defineCheck } from '../../check.js';
import { entries, scalar } from '../../parsers/yaml-doc.js';
import { commandsOf, type Sink, secretSink } from '../gha-shell.js';
import {
  capitalized,
  get,
  mentionsSecret,
  nthMatchPosition,
  secretNames,
  stepLabel,
  workflowsOf,
} from '../gha-workflow.js';

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;

/** The variables of an `env:` map that hold a secret (name → `secrets.X`), and those that don't. */
function envSecrets(env: Node | undefined, into: Map<string, string | undefined>) {
  for (const [name, value] of entries(env)) {
    const text = scalar(value) ?? '';
    const secret = [...text.matchAll(EXPRESSION)].find((m) => mentionsSecret(m[0]));
    into.set(name, secret ? (secretNames(secret[0])[0] ?? 'a secret') : undefined);
  }
}

/** `${{ secrets.X != '' }}` yields true or false, not the secret. */
function isTest(expression: string): boolean {
  const code = expression.replace(/'(?:[^']|'')*'/g, "''");
  return !/&&|\|\|/.test(code) && /==|!=|<|>/.test(code);
}

const WHERE: Record<Sink, string> = {
  log: 'prints it to the job log',
  'encoded-log': 'prints it encoded to the job log, where masking does not recognize it',
  output: 'writes it to a step output (`$GITHUB_OUTPUT`)',
  summary: 'writes it to the job summary (`$GITHUB_STEP_SUMMARY`)',
};

/** A `run:` that prints a secret (`echo ${{ secrets.X }}`, or `echo "$TOKEN"` with TOKEN a secret). */
export const ghaSecretsEchoed = defineCheck({
  meta: {
    id: 'gha-secrets-echoed',
    kind: 'github-actions',
    title: 'Secret printed by a workflow step',
    severity: 'medium',
    confidence: 'medium',
    cwe: ['CWE-532'],
    owasp: 'A09:2021',
    description:
      'A step echoes a secret to the log, a step output or the job summary: GitHub masks only the exact secret string, so a multi-line, JSON, encoded or partial value is shown in clear to anyone who can read the run (everyone, on a public repository).',
    remediation:
      'Never print secrets: hand them to the program that needs them through `env:` and a file or stdin (`echo "$TOKEN" | docker login --username u --password-stdin`), and if a derived value must be printed, mask it first with `echo "::add-mask::$VALUE"`.',
    references: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow',
      'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets',
    ],
  },
  check(doc, report) {
    for (const workflow of workflowsOf(doc)) {
      const workflowEnv = new Map<string, string | undefined>();
      envSecrets(get(doc, workflow.root, 'env'), workflowEnv);
      for (const job of workflow.jobs) {
        const jobEnv = new Map(workflowEnv);
        envSecrets(get(doc, job.node, 'env'), jobEnv);
        for (const step of job.steps) {
          const script = scalar(step.run);
          if (!step.run || script === undefined) continue;
          const env = new Map(jobEnv);
          envSecrets(step.env, env);
          // Every place the script names a secret, with the pattern that finds it in the source.
          const mentions: { offset: number; secret: string; pattern: RegExp; n: number }[] = [];
          for (const [n, m] of [...script.matchAll(EXPRESSION)].entries()) {
            if (isTest(m[0])) continue;
            // `${{ secrets.X }}`, or `${{ env.TOKEN }}` with TOKEN set from a secret.
            const viaEnv = [...m[0].matchAll(/(?<![\w.])env\s*\.\s*([A-Za-z_][\w-]*)/g)]
              .map((e) => e[1] ?? '')
              .find((name) => env.get(name));
            const secret = mentionsSecret(m[0])
              ? `\`${secretNames(m[0])[0] ?? 'a secret'}\``
              : viaEnv && `\`${env.get(viaEnv)}\` (as \`env.${viaEnv}\`)`;
            if (secret) mentions.push({ offset: m.index ?? 0, secret, pattern: EXPRESSION, n });
          }
          for (const [name, secret] of env) {
            if (!secret) continue;
            const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            const pattern = new RegExp(`\\$\\{?${escaped}(?!\\w)`, 'g');
            for (const [n, m] of [...script.matchAll(pattern)].entries())
              mentions.push({
                offset: m.index ?? 0,
                secret: `\`${secret}\` (as \`$${name}\`)`,
                pattern,
                n,
              });
          }
          mentions.sort((a, b) => a.offset - b.offset);
          const commands = commandsOf(script);
          const reported = new Set<number>();
          for (const mention of mentions) {
            const cmd = commands.find((c) => mention.offset >= c.start && mention.offset < c.end);
            if (!cmd || reported.has(cmd.start)) continue;
            const at = mention.offset - cmd.start;
            // `$TOKEN` in single quotes is not expanded; `${{ }}` is, before the shell runs.
            if (mention.pattern !== EXPRESSION && cmd.quoting[at] === "'") continue;
            const sink = secretSink(cmd, at);
            if (!sink) continue;
            reported.add(cmd.start);
            report({
              ...nthMatchPosition(doc, step.run, mention.pattern, mention.n),
              message: `${capitalized(stepLabel(doc, job, step))} reads ${mention.secret} and ${WHERE[sink]}.`,
            });
          }
        }
      }
    }
  },
});
