import { defineCheck } from '../../check.js';
import { PIPE_TO_SHELL } from '../shell-patterns.js';

/** `curl … | sh`: a remote script run unseen at build time. */
export const dockerCurlPipeShell = defineCheck({
  meta: {
    id: 'docker-curl-pipe-shell',
    kind: 'dockerfile',
    title: 'Remote script piped to a shell',
    severity: 'high',
    cwe: ['CWE-494'],
    owasp: 'A08:2021',
    description:
      'A script downloaded at build time is piped straight into a shell: whatever the server (or anyone in the network path) returns runs as root in the build.',
    remediation:
      'Download the script to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh https://… && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`; better, install a pinned package.',
    references: ['https://docs.docker.com/build/building/best-practices/#run'],
  },
  check(doc, report) {
    for (const i of doc.instructions) {
      if (i.keyword !== 'RUN' || !PIPE_TO_SHELL.test(i.args)) continue;
      const word = i.words.find((w) => w.value === 'curl' || w.value === 'wget') ?? i;
      report({
        line: word.line,
        column: word.column,
        message: 'A script downloaded with curl/wget is piped into a shell without any check.',
      });
    }
  },
});
