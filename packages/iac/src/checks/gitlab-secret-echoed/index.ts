import { defineCheck } from '../../check.js';
import { scriptLines } from '../gitlab-jobs.js';

const SECRET_VAR =
  /\$\{?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*\}?/;

/** `echo $DEPLOY_TOKEN`: a secret variable printed into the job log. */
export const gitlabSecretEchoed = defineCheck({
  meta: {
    id: 'gitlab-secret-echoed',
    kind: 'gitlab-ci',
    title: 'Secret variable printed in CI',
    severity: 'high',
    cwe: ['CWE-532'],
    owasp: 'A09:2021',
    description:
      'A job prints a secret variable: job logs are read by many more people than the secret should be, and masking only works for values that meet its rules.',
    remediation:
      'Never print secrets; pass them to the tool that needs them through its environment or a file (`echo "$TOKEN" | docker login --password-stdin`), and mark the variable masked and protected.',
    references: ['https://docs.gitlab.com/ee/ci/variables/#mask-a-cicd-variable'],
  },
  check(doc, report) {
    for (const s of scriptLines(doc)) {
      // echo/printf of the variable, not into a pipe that consumes it (`| docker login --password-stdin`).
      const printing = /^\s*(?:echo|printf)\b/.test(s.text) && SECRET_VAR.test(s.text);
      if (printing && !/\|\s*\S/.test(s.text) && !/>\s*\S/.test(s.text))
        report({
          line: s.line,
          column: s.column,
          message: `Job ${s.job} prints a secret variable into its log.`,
        });
    }
  },
});
