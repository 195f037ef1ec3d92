import { defineCheck } from '../../check.js';

/** Package managers whose install lines are checked, and how a pinned name looks. */
const MANAGERS: readonly { readonly command: RegExp; readonly pinned: RegExp }[] = [
  { command: /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/, pinned: /=/ },
  { command: /\bapk\s+(?:-\S+\s+)*add\b/, pinned: /[=~<>]/ },
  { command: /\bpip3?\s+(?:-\S+\s+)*install\b/, pinned: /(?:==|@|\.whl$|\.tar\.gz$|^-)/ },
];

/** `apt-get install curl`: versions chosen by whatever the mirror has at build time. */
export const dockerUnpinnedPackages = defineCheck({
  meta: {
    id: 'docker-unpinned-packages',
    kind: 'dockerfile',
    title: 'System packages installed without versions',
    severity: 'low',
    confidence: 'medium',
    cwe: ['CWE-1357'],
    owasp: 'A06:2021',
    description:
      'Packages are installed without a version: each build can get a different version, so builds are not reproducible and a bad release enters unnoticed.',
    remediation:
      'Pin versions (`apt-get install -y curl=8.5.0-2ubuntu10.6`, `apk add curl=8.9.1-r1`, `pip install requests==2.32.3` or `pip install -r requirements.txt` with hashes) and let a bot update them.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  check(doc, report) {
    for (const i of doc.instructions) {
      if (i.keyword !== 'RUN') continue;
      // Each command of the line: `a && b ; c`.
      for (const command of i.args.split(/&&|;|\|\|/)) {
        const manager = MANAGERS.find((m) => m.command.test(command));
        if (!manager) continue;
        const after = command.replace(manager.command, '').trim().split(/\s+/);
        const packages = after.filter(
          (w) => w !== '' && !w.startsWith('-') && !w.startsWith('$') && w !== '\\',
        );
        if (command.includes('-r ') || command.includes('--requirement')) continue;
        const loose = packages.filter((p) => !manager.pinned.test(p));
        if (loose.length === 0) continue;
        const word = i.words.find((w) => w.value === loose[0]) ?? i;
        report({
          line: word.line,
          column: word.column,
          message: `Installed without a version: ${loose.join(', ')}.`,
        });
      }
    }
  },
});
