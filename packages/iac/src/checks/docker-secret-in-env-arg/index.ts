import { redactSecret } from '@rampart/core';
import { defineCheck } from '../../check.js';

const SECRET_NAME =
  /(?:^|_)(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(?:_|$)/i;

/** `ENV DB_PASSWORD=…` / `ARG API_TOKEN=…`: a secret baked into the image or its history. */
export const dockerSecretInEnvArg = defineCheck({
  meta: {
    id: 'docker-secret-in-env-arg',
    kind: 'dockerfile',
    title: 'Secret in ENV or ARG',
    severity: 'high',
    cwe: ['CWE-798'],
    owasp: 'A07:2021',
    description:
      'A secret-looking variable gets a literal value in ENV or ARG: ENV values are stored in the image and ARG values in its build history, readable by anyone who can pull it.',
    remediation:
      'Pass secrets at run time (orchestrator secrets, `docker run --env-file`) or, for the build, as BuildKit secrets: `RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci`, built with `docker build --secret id=npm_token,env=NPM_TOKEN`.',
    references: ['https://docs.docker.com/build/building/secrets/'],
  },
  check(doc, report) {
    const lines = doc.text.split('\n');
    for (const i of doc.instructions) {
      if (i.keyword !== 'ENV' && i.keyword !== 'ARG') continue;
      // `ENV A=1 B=2`, `ENV A 1` (legacy form), `ARG A=1`.
      const pairs =
        /^\s*[A-Za-z_][\w]*\s+[^=\s]/.test(i.args) && i.keyword === 'ENV'
          ? [[i.args.trim().split(/\s+/)[0] ?? '', i.args.trim().split(/\s+/).slice(1).join(' ')]]
          : i.words.map((w) => [
              w.value.split('=')[0] ?? '',
              w.value.includes('=') ? w.value.slice(w.value.indexOf('=') + 1) : '',
            ]);
      for (const [name, raw] of pairs) {
        const value = (raw ?? '').replace(/^["']|["']$/g, '');
        // `*_FILE` / `*_PATH` name where a secret is, not the secret; `$X` comes from outside.
        if (!SECRET_NAME.test(name ?? '') || /_(?:FILE|PATH)$/i.test(name ?? '')) continue;
        if (value === '' || value.startsWith('$') || value.startsWith('/')) continue;
        const word = i.words.find((w) => w.value.startsWith(name ?? '')) ?? i;
        const line = lines[word.line - 1] ?? '';
        report({
          line: word.line,
          column: word.column,
          message: `${i.keyword} ${name} has a literal value: it ends up in the image${i.keyword === 'ARG' ? "'s history" : ''} for anyone who can pull it.`,
          snippet: line.split(value).join(redactSecret(value)),
        });
      }
    }
  },
});
