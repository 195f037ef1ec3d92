import { defineCheck } from '../../check.js';
import { positionOf } from '../../parsers/yaml-doc.js';
import {
  containerLabel,
  containers,
  flag,
  objectLabel,
  podSpecs,
  setField,
} from '../k8s-workloads.js';

/** `securityContext.privileged: true` (or, on Windows, `windowsOptions.hostProcess: true`). */
export const k8sPrivilegedContainer = defineCheck({
  meta: {
    id: 'k8s-privileged-container',
    kind: 'kubernetes',
    title: 'Privileged container',
    severity: 'critical',
    cwe: ['CWE-250'],
    owasp: 'A05:2021',
    description:
      'A privileged container has every capability and access to all host devices, with no seccomp or AppArmor confinement: root in it is root on the node.',
    remediation:
      'Remove `privileged: true` (and `windowsOptions.hostProcess: true`); grant only the capability the workload needs instead: `securityContext: { privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } }`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc)) {
      const podHostProcess = setField(
        setField(setField(pod.spec, 'securityContext'), 'windowsOptions'),
        'hostProcess',
      );
      if (flag(podHostProcess) === true)
        report({
          ...positionOf(doc, podHostProcess),
          message: `${objectLabel(pod.object)} runs its containers as Windows HostProcess containers (hostProcess: true): they have full access to the node.`,
        });
      for (const c of containers(pod)) {
        const privileged = setField(c.securityContext, 'privileged');
        if (flag(privileged) === true)
          report({
            ...positionOf(doc, privileged),
            message: `The ${containerLabel(c)} runs privileged: it has every capability and the host's devices.`,
          });
        const hostProcess = setField(setField(c.securityContext, 'windowsOptions'), 'hostProcess');
        if (flag(hostProcess) === true)
          report({
            ...positionOf(doc, hostProcess),
            message: `The ${containerLabel(c)} is a Windows HostProcess container (hostProcess: true): it has full access to the node.`,
          });
      }
    }
  },
});
