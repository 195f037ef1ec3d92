import { defineCheck } from '../../check.js';
import { items, positionOf, scalar } from '../../parsers/yaml-doc.js';
import {
  containerLabel,
  containers,
  flag,
  podSpecs,
  securityContextAnchor,
  setField,
} from '../k8s-workloads.js';

/**
 * `allowPrivilegeEscalation` true, or not set to false (its default lets setuid binaries and
 * file capabilities raise privileges). A privileged container or one adding SYS_ADMIN cannot
 * set it to false (the API rejects it): those are left to the checks that report them.
 * Windows pods are skipped (the field is Linux-only).
 */
export const k8sAllowPrivilegeEscalation = defineCheck({
  meta: {
    id: 'k8s-allow-privilege-escalation',
    kind: 'kubernetes',
    title: 'Container allows privilege escalation',
    severity: 'medium',
    cwe: ['CWE-269'],
    owasp: 'A05:2021',
    description:
      'Without `allowPrivilegeEscalation: false` the process is not run with no_new_privs: a setuid binary or a file capability in the image can give it more privileges than it started with.',
    remediation:
      'Set it on every container: `securityContext: { allowPrivilegeEscalation: false }` (the Pod Security "restricted" profile requires it).',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc)) {
      if (pod.windows) continue;
      for (const c of containers(pod)) {
        const node = setField(c.securityContext, 'allowPrivilegeEscalation');
        const allowed = flag(node);
        if (allowed === false) continue;
        if (node && allowed === true) {
          report({
            ...positionOf(doc, node),
            message: `The ${containerLabel(c)} sets allowPrivilegeEscalation: true: setuid binaries and file capabilities can raise its privileges.`,
          });
          continue;
        }
        const adds = items(setField(setField(c.securityContext, 'capabilities'), 'add')).map((i) =>
          (scalar(i) ?? '').toUpperCase(),
        );
        if (
          flag(setField(c.securityContext, 'privileged')) === true ||
          adds.includes('SYS_ADMIN') ||
          adds.includes('CAP_SYS_ADMIN')
        )
          continue;
        report({
          ...positionOf(doc, securityContextAnchor(c)),
          message: `The ${containerLabel(c)} does not set allowPrivilegeEscalation: false: setuid binaries and file capabilities can raise its privileges.`,
        });
      }
    }
  },
});
