import { defineCheck } from '../../check.js';
import { scriptLines } from '../gitlab-jobs.js';
import { PIPE_TO_SHELL } from '../shell-patterns.js';

/** `curl … | sh` in a job script. */
export const gitlabCurlPipeShell = defineCheck({
  meta: {
    id: 'gitlab-curl-pipe-shell',
    kind: 'gitlab-ci',
    title: 'Remote script piped to a shell in CI',
    severity: 'high',
    cwe: ['CWE-494'],
    owasp: 'A08:2021',
    description:
      'A job pipes a downloaded script into a shell: whoever controls that URL runs code in your pipeline, with its variables and tokens.',
    remediation:
      'Download to a file and verify a pinned checksum before running it (`curl -fsSLo i.sh URL && echo "<sha256>  i.sh" | sha256sum -c - && sh i.sh`), or use an image that already has the tool.',
    references: ['https://docs.gitlab.com/ee/ci/pipeline_security/'],
  },
  check(doc, report) {
    for (const s of scriptLines(doc)) {
      if (PIPE_TO_SHELL.test(s.text))
        report({
          line: s.line,
          column: s.column,
          message: `Job ${s.job} pipes a downloaded script into a shell.`,
        });
    }
  },
});
