import { defineCheck } from '../../check.js';

/** `EXPOSE 22`: an SSH server in a container. */
export const dockerSshExposed = defineCheck({
  meta: {
    id: 'docker-ssh-exposed',
    kind: 'dockerfile',
    title: 'SSH port exposed',
    severity: 'medium',
    cwe: ['CWE-284'],
    owasp: 'A05:2021',
    description:
      'The image exposes port 22: running an SSH server in a container adds credentials to manage and an attack surface that `docker exec` / `kubectl exec` make unnecessary.',
    remediation:
      'Remove the SSH server and `EXPOSE 22`; debug with `docker exec` or `kubectl exec`/`kubectl debug`.',
    references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  },
  check(doc, report) {
    for (const i of doc.instructions) {
      if (i.keyword !== 'EXPOSE') continue;
      for (const w of i.words) {
        if (/^22(?:\/tcp)?$/i.test(w.value))
          report({ line: w.line, column: w.column, message: 'The image exposes port 22 (SSH).' });
      }
    }
  },
});
