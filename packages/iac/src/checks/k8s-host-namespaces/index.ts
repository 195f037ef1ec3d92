import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import { flag, objectLabel, podSpecs, setField } from '../k8s-workloads.js';

const NAMESPACES = {
  hostNetwork:
    "the node's network namespace (they can bind the node's ports, reach services on its loopback and sniff its traffic)",
  hostPID:
    "the node's process namespace (they see every process on the node and can signal or trace those of their user)",
  hostIPC: "the node's IPC namespace (they can read and write other processes' shared memory)",
} as const;

/** `hostNetwork`, `hostPID` or `hostIPC` set to true in a pod spec. */
export const k8sHostNamespaces = defineCheck({
  meta: {
    id: 'k8s-host-namespaces',
    kind: 'kubernetes',
    title: 'Pod shares host namespaces',
    severity: 'high',
    cwe: ['CWE-653'],
    owasp: 'A05:2021',
    description:
      "A pod with hostNetwork, hostPID or hostIPC shares that namespace with the node, removing the isolation between the container and the node's network, processes or shared memory.",
    remediation:
      'Remove `hostNetwork: true`, `hostPID: true` and `hostIPC: true` from the pod spec (they default to false); expose ports with a Service (or `hostPort` if it must be on the node) instead of hostNetwork.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc))
      for (const [key, effect] of Object.entries(NAMESPACES)) {
        const node = setField(pod.spec, key);
        if (flag(node) === true)
          report({
            ...positionOf(doc, node),
            message: `${objectLabel(pod.object)} sets ${key}: true, so its pods share ${effect}.`,
          });
      }
  },
});
