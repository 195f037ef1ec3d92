import { defineCheck } from '../../check.js';
import { keyNode, positionOf } from '../../parsers/yaml-doc.js';
import { containerLabel, containers, podSpecs, setField } from '../k8s-workloads.js';

/**
 * A container (or init container) without a memory limit. A missing CPU limit alone is not
 * reported (CPU is throttled, not exhausted, and many clusters run without CPU limits on
 * purpose); it is named in the message when both are missing. Ephemeral containers cannot
 * have resources and are skipped.
 */
export const k8sMissingResourceLimits = defineCheck({
  meta: {
    id: 'k8s-missing-resource-limits',
    kind: 'kubernetes',
    title: 'Container has no memory limit',
    severity: 'low',
    confidence: 'medium',
    cwe: ['CWE-770'],
    owasp: 'A05:2021',
    description:
      "Without a memory limit a container can use all of its node's memory (a leak, a heavy request, an attack) and get other pods evicted or OOM-killed.",
    remediation:
      'Give every container requests and a memory limit sized from its real use: `resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }` (or a namespace LimitRange with defaults).',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc))
      for (const c of containers(pod, ['containers', 'initContainers'])) {
        const resources = setField(c.node, 'resources');
        const limits = setField(resources, 'limits');
        if (setField(limits, 'memory')) continue;
        const noCpu = setField(limits, 'cpu') === undefined;
        const anchor = keyNode(resources, 'limits') ?? keyNode(c.node, 'resources') ?? c.node;
        report({
          ...positionOf(doc, anchor),
          message: `The ${containerLabel(c)} has no memory limit${noCpu ? ' (nor a CPU limit)' : ''}: it can take all of its node's memory.`,
        });
      }
  },
});
