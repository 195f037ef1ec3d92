import { defineCheck } from '../../check.js';

/** No HEALTHCHECK in the final stage. */
export const dockerMissingHealthcheck = defineCheck({
  meta: {
    id: 'docker-missing-healthcheck',
    kind: 'dockerfile',
    title: 'No HEALTHCHECK',
    severity: 'low',
    confidence: 'medium',
    cwe: [],
    owasp: 'A05:2021',
    description:
      'The image declares no HEALTHCHECK: Docker and Swarm cannot tell a hung service from a healthy one (Kubernetes uses its own probes instead).',
    remediation:
      'Add a check the image can run: `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1`, or rely on Kubernetes liveness/readiness probes and say so with `HEALTHCHECK NONE`.',
    references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
  check(doc, report) {
    const lastFrom = doc.froms[doc.froms.length - 1];
    if (!lastFrom) return;
    const has = doc.instructions.some((i) => i.keyword === 'HEALTHCHECK');
    if (!has)
      report({
        line: lastFrom.instruction.line,
        column: lastFrom.instruction.column,
        message: 'The image has no HEALTHCHECK.',
      });
  },
});
