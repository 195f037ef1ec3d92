import { defineCheck } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import { flag, k8sObjects, objectLabel, podSpecs, setField } from '../k8s-workloads.js';

/**
 * A pod spec that does not set `automountServiceAccountToken: false`, unless its service
 * account, defined in the same file, opts out (`automountServiceAccountToken: false`).
 */
export const k8sServiceAccountTokenAutomount = defineCheck({
  meta: {
    id: 'k8s-service-account-token-automount',
    kind: 'kubernetes',
    title: 'Service account token mounted into the pod',
    severity: 'low',
    confidence: 'medium',
    cwe: ['CWE-1188'],
    owasp: 'A05:2021',
    description:
      "The pod gets its service account's API token mounted by default: most applications never call the Kubernetes API, and the token lets whoever compromises the pod act with that account's permissions.",
    remediation:
      'Opt out in the pod spec, or on the ServiceAccount for every pod that uses it: `spec: { automountServiceAccountToken: false }`; pods that do call the API get a dedicated ServiceAccount with a minimal Role.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
  },
  check(doc, report) {
    const objects = k8sObjects(doc);
    const optedOut = objects.filter(
      (o) =>
        o.kind === 'ServiceAccount' &&
        flag(setField(o.node, 'automountServiceAccountToken')) === false,
    );
    for (const pod of podSpecs(doc)) {
      const pods = pod.object.kind === 'Pod' ? 'the pod gets' : 'its pods get';
      const node = setField(pod.spec, 'automountServiceAccountToken');
      const automount = flag(node);
      if (automount === false) continue;
      if (node && automount === true) {
        report({
          ...positionOf(doc, node),
          message: `${objectLabel(pod.object)} sets automountServiceAccountToken: true: ${pods} its service account's API token.`,
        });
        continue;
      }
      const account =
        scalar(setField(pod.spec, 'serviceAccountName')) ??
        scalar(setField(pod.spec, 'serviceAccount')) ??
        'default';
      const namespace = pod.object.namespace;
      if (
        optedOut.some(
          (sa) =>
            sa.name === account &&
            (sa.namespace === undefined || namespace === undefined || sa.namespace === namespace),
        )
      )
        continue;
      report({
        ...positionOf(doc, pod.specKey ?? pod.spec),
        message: `${objectLabel(pod.object)} does not set automountServiceAccountToken: false: ${pods} the \`${account}\` service account's API token.`,
      });
    }
  },
});
