import type { Node } from 'yaml';
import { defineCheck } from '../../check.js';
import { child, items, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { k8sObjects, objectLabel } from '../k8s-workloads.js';

/** The `*` items of a rule's list field. */
function wildcards(rule: unknown, key: string): Node[] {
  return items(child(rule, key)).filter((i) => scalar(i) === '*');
}

/**
 * A Role or ClusterRole rule granting `*` verbs or `*` resources, reported once per rule at
 * its first `*`. A `*` in apiGroups alone (named resources and verbs in every group) is only
 * named in the message when verbs or resources are wildcards too.
 */
export const k8sRbacWildcard = defineCheck({
  meta: {
    id: 'k8s-rbac-wildcard',
    kind: 'kubernetes',
    title: 'RBAC role grants wildcard permissions',
    severity: 'high',
    cwe: ['CWE-269'],
    owasp: 'A01:2021',
    description:
      'A rule with `*` verbs or resources grants every current and future permission of its scope, including reading Secrets, escalate, bind and impersonate: whoever holds the role can usually take over the namespace or the cluster.',
    remediation:
      'List exactly what the subject needs: `rules: [{ apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, patch] }]`; use the built-in `view`/`edit` ClusterRoles where they fit.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/',
    ],
  },
  check(doc, report) {
    for (const object of k8sObjects(doc)) {
      if (object.kind !== 'Role' && object.kind !== 'ClusterRole') continue;
      for (const rule of items(child(object.node, 'rules'))) {
        const verbs = wildcards(rule, 'verbs');
        const resources = wildcards(rule, 'resources');
        if (verbs.length === 0 && resources.length === 0) continue;
        const groups = wildcards(rule, 'apiGroups');
        const coreGroup = items(child(rule, 'apiGroups')).some((g) => {
          const group = scalar(g);
          return group === '' || group === '*';
        });
        const first = [...verbs, ...resources, ...groups].sort(
          (a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0),
        )[0];
        const fields = [
          ...(verbs.length > 0 ? ['verbs'] : []),
          ...(resources.length > 0 ? ['resources'] : []),
          ...(groups.length > 0 ? ['apiGroups'] : []),
        ];
        const grants =
          verbs.length > 0 && resources.length > 0
            ? 'every verb on every resource'
            : verbs.length > 0
              ? 'every verb on its resources'
              : `its verbs on every resource${coreGroup ? ', Secrets included' : ''}`;
        const scope = groups.length > 0 ? ' in every API group' : '';
        report({
          ...positionOf(doc, first),
          message: `${objectLabel(object)} has a rule with \`*\` in ${fields.join(', ')}: it grants ${grants}${scope}.`,
        });
      }
    }
  },
});
