import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import {
  containerLabel,
  containers,
  flag,
  podSpecs,
  securityContextAnchor,
  setField,
} from '../k8s-workloads.js';

/**
 * `readOnlyRootFilesystem` false or not set on a container. Windows pods are skipped (the
 * field is not supported there).
 */
export const k8sWritableRootFilesystem = defineCheck({
  meta: {
    id: 'k8s-writable-root-filesystem',
    kind: 'kubernetes',
    title: 'Container root filesystem is writable',
    severity: 'medium',
    cwe: ['CWE-732'],
    owasp: 'A05:2021',
    description:
      "The container can write to its image's filesystem: an attacker who gets code execution can drop tools, change binaries or configuration, and persist until the container is replaced.",
    remediation:
      'Make the root filesystem read-only and mount writable scratch space only where the application writes: `securityContext: { readOnlyRootFilesystem: true }` with `volumeMounts: [{ name: tmp, mountPath: /tmp }]` and `volumes: [{ name: tmp, emptyDir: {} }]`.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc)) {
      if (pod.windows) continue;
      for (const c of containers(pod)) {
        const node = setField(c.securityContext, 'readOnlyRootFilesystem');
        const readOnly = flag(node);
        if (readOnly === true) continue;
        report(
          node && readOnly === false
            ? {
                ...positionOf(doc, node),
                message: `The ${containerLabel(c)} sets readOnlyRootFilesystem: false: its root filesystem is writable.`,
              }
            : {
                ...positionOf(doc, securityContextAnchor(c)),
                message: `The ${containerLabel(c)} does not set readOnlyRootFilesystem: true: its root filesystem is writable.`,
              },
        );
      }
    }
  },
});
