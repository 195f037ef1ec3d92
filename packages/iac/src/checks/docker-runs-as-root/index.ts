import { defineCheck } from '../../check.js';

/** The final stage runs as root: no USER, or the last USER is root/0. */
export const dockerRunsAsRoot = defineCheck({
  meta: {
    id: 'docker-runs-as-root',
    kind: 'dockerfile',
    title: 'Container runs as root',
    severity: 'medium',
    cwe: ['CWE-250'],
    owasp: 'A05:2021',
    description:
      'The image runs its process as root: a compromise of the application is a compromise of the container with full privileges, one kernel bug away from the host.',
    remediation:
      'Create an unprivileged user and switch to it in the final stage: `RUN useradd --uid 10001 --no-create-home app` then `USER 10001` (or `USER node` on node images).',
    references: ['https://docs.docker.com/build/building/best-practices/#user'],
  },
  check(doc, report) {
    const lastFrom = doc.froms[doc.froms.length - 1];
    if (!lastFrom) return;
    const finalStage = doc.instructions.filter((i) => i.line >= lastFrom.instruction.line);
    const users = finalStage.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) {
      report({
        line: lastFrom.instruction.line,
        column: lastFrom.instruction.column,
        message: 'The final stage has no USER instruction, so the container runs as root.',
      });
      return;
    }
    const user = last.args.trim().split(':')[0];
    if (user === 'root' || user === '0')
      report({
        line: last.line,
        column: last.column,
        message: `The last USER is ${user}: the container runs as root.`,
      });
  },
});
