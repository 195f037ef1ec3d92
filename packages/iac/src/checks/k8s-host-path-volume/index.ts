import { defineCheck } from '../../check.js';
import { child, items, keyNode, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { objectLabel, podSpecs, setField } from '../k8s-workloads.js';

/** Host paths that hand over the node (exact paths, or a directory and everything under it). */
const SENSITIVE: readonly [RegExp, string][] = [
  [/^\/$/, "the node's whole root filesystem"],
  [
    /^\/(?:var\/)?run\/(?:.*(?:docker|containerd|crio|podman)[^/]*\.sock|(?:docker|containerd|crio|podman)(?:\/.*)?)$/,
    "the container runtime's socket: control of every container on the node",
  ],
  [/^\/(?:var\/)?run$/, "the node's /run, with its container runtime sockets"],
  [
    /^\/var\/lib\/(?:docker|containerd|kubelet)(?:\/|$)/,
    "the node's container runtime or kubelet state, with its credentials",
  ],
  [/^\/etc(?:\/|$)/, "the node's configuration (/etc), with its credentials"],
  [/^\/(?:proc|sys)(?:\/|$)/, "the node's kernel interfaces (/proc, /sys)"],
  [/^\/(?:root|home)(?:\/|$)/, 'home directories on the node'],
  [/^\/(?:dev|boot)(?:\/|$)/, "the node's devices or boot files"],
];

/** A pod volume of type `hostPath`: a directory or file of the node mounted into the pod. */
export const k8sHostPathVolume = defineCheck({
  meta: {
    id: 'k8s-host-path-volume',
    kind: 'kubernetes',
    title: 'Pod mounts a hostPath volume',
    severity: 'high',
    cwe: ['CWE-668'],
    owasp: 'A05:2021',
    description:
      "A hostPath volume mounts part of the node's filesystem into the pod: depending on the path it exposes the node's credentials and configuration, or its container runtime, which is a way out of the container.",
    remediation:
      'Use a volume type that does not reach the node: `emptyDir: {}` for scratch space, a PersistentVolumeClaim for data, a ConfigMap or Secret for configuration. If a node agent really needs a host path, mount the narrowest one, read-only (`volumeMounts: [{ name: logs, mountPath: /var/log, readOnly: true }]`), never `/` or the runtime socket.',
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc))
      for (const volume of items(child(pod.spec, 'volumes'))) {
        const hostPath = setField(volume, 'hostPath');
        if (!hostPath) continue;
        const pathNode = child(hostPath, 'path');
        const path = scalar(pathNode) ?? '';
        const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
        const sensitive = SENSITIVE.find(([pattern]) => pattern.test(normalized))?.[1];
        const name = scalar(child(volume, 'name')) ?? '(unnamed)';
        report({
          ...positionOf(doc, pathNode ?? keyNode(volume, 'hostPath')),
          message: sensitive
            ? `Volume \`${name}\` of ${objectLabel(pod.object)} mounts host path \`${path}\`, ${sensitive}.`
            : `Volume \`${name}\` of ${objectLabel(pod.object)} mounts host path \`${path}\` from the node.`,
        });
      }
  },
});
