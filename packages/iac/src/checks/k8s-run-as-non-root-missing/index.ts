import type { Node } from 'yaml';
import { defineCheck } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import {
  containerLabel,
  containers,
  flag,
  objectLabel,
  podSpecs,
  securityContextAnchor,
  setField,
} from '../k8s-workloads.js';

/**
 * A container whose effective securityContext (its own, else the pod's) neither sets
 * `runAsNonRoot: true` nor a non-zero `runAsUser`: it runs as whatever user the image says,
 * root by default. `runAsUser: 0` and `runAsNonRoot: false` are reported where they are set.
 */
export const k8sRunAsNonRootMissing = defineCheck({
  meta: {
    id: 'k8s-run-as-non-root-missing',
    kind: 'kubernetes',
    title: 'Container may run as root',
    severity: 'medium',
    cwe: ['CWE-250'],
    owasp: 'A05:2021',
    description:
      'Nothing stops the container from running as root (UID 0): a compromise of the application is root in the container, one kernel or runtime bug away from the node.',
    remediation:
      'Require a non-root user for the whole pod, and give one when the image has none: `spec: { securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 } }`.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc)) {
      const podContext = setField(pod.spec, 'securityContext');
      const podLabel = objectLabel(pod.object);
      for (const c of containers(pod)) {
        // The container's own field wins over the pod's.
        const effective = (key: string): { node: Node; fromPod: boolean } | undefined => {
          const own = setField(c.securityContext, key);
          if (own) return { node: own, fromPod: false };
          const inherited = setField(podContext, key);
          return inherited ? { node: inherited, fromPod: true } : undefined;
        };
        const who = (fromPod: boolean): string =>
          fromPod ? `the containers of ${podLabel} (set for the pod)` : `the ${containerLabel(c)}`;
        const user = effective('runAsUser');
        const uid = user ? Number(scalar(user.node)) : Number.NaN;
        if (user && uid === 0) {
          report({
            ...positionOf(doc, user.node),
            message: `runAsUser: 0 runs ${who(user.fromPod)} as root.`,
          });
          continue;
        }
        if (uid > 0) continue;
        const nonRoot = effective('runAsNonRoot');
        const required = flag(nonRoot?.node);
        if (required === true) continue;
        if (nonRoot && required === false) {
          report({
            ...positionOf(doc, nonRoot.node),
            message: `runAsNonRoot: false lets ${who(nonRoot.fromPod)} run as root, and no non-zero runAsUser is set.`,
          });
          continue;
        }
        // On Windows the user is a name: anything but ContainerAdministrator is not an admin.
        const windowsUser = scalar(
          setField(setField(c.securityContext, 'windowsOptions'), 'runAsUserName') ??
            setField(setField(podContext, 'windowsOptions'), 'runAsUserName'),
        );
        if (pod.windows && windowsUser && windowsUser.toLowerCase() !== 'containeradministrator')
          continue;
        report({
          ...positionOf(doc, securityContextAnchor(c)),
          message: `The ${containerLabel(c)} may run as root: neither its securityContext nor the pod's sets runAsNonRoot: true or a non-zero runAsUser.`,
        });
      }
    }
  },
});
