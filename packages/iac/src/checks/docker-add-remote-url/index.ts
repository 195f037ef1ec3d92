import { defineCheck } from '../../check.js';

/** `ADD https://…`: a remote file fetched at build time without integrity checking. */
export const dockerAddRemoteUrl = defineCheck({
  meta: {
    id: 'docker-add-remote-url',
    kind: 'dockerfile',
    title: 'ADD of a remote URL',
    severity: 'medium',
    cwe: ['CWE-494'],
    owasp: 'A08:2021',
    description:
      'ADD downloads a remote file at build time without checking what it got: whoever controls the URL (or the network path) controls what goes into the image.',
    remediation:
      'Download with a pinned checksum instead: `ADD --checksum=sha256:<hash> https://…` (BuildKit), or `RUN curl -fsSLo tool.tgz https://… && echo "<sha256>  tool.tgz" | sha256sum -c -`; use COPY for local files.',
    references: ['https://docs.docker.com/reference/dockerfile/#add'],
  },
  check(doc, report) {
    for (const i of doc.instructions) {
      if (i.keyword !== 'ADD') continue;
      // Flags are not among the parsed words: look at the instruction's own text.
      const raw = doc.text
        .split('\n')
        .slice(i.line - 1, i.endLine)
        .join('\n');
      if (/--checksum=/.test(raw)) continue;
      const remote = i.words.find((w) => /^(?:https?|ftp):\/\//i.test(w.value));
      if (remote)
        report({
          line: remote.line,
          column: remote.column,
          message: `ADD downloads ${remote.value} without a checksum: the image gets whatever the server returns.`,
        });
    }
  },
});
