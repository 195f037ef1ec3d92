import { defineCheck } from '../../check.js';

/** `sudo` in a RUN: privileges managed inside the image instead of with USER. */
export const dockerSudo = defineCheck({
  meta: {
    id: 'docker-sudo',
    kind: 'dockerfile',
    title: 'sudo in a RUN instruction',
    severity: 'medium',
    cwe: ['CWE-250'],
    owasp: 'A05:2021',
    description:
      'sudo in a Dockerfile means the image ships sudo and a user allowed to use it: a compromised process can become root whenever it wants.',
    remediation:
      'Run the privileged steps before switching users (`USER root` … `USER app`), and do not install sudo in the image; use gosu only in entrypoints that drop privileges.',
    references: ['https://docs.docker.com/build/building/best-practices/#user'],
  },
  check(doc, report) {
    for (const i of doc.instructions) {
      if (i.keyword !== 'RUN') continue;
      // sudo as a command (first word, or after && ; || |), not `apt-get install sudo`.
      const sudo = i.words.find(
        (w, k) =>
          w.value === 'sudo' && (k === 0 || /^(?:&&|;|\|\||\|)$/.test(i.words[k - 1]?.value ?? '')),
      );
      if (sudo) report({ line: sudo.line, column: sudo.column, message: 'RUN uses sudo.' });
    }
  },
});
