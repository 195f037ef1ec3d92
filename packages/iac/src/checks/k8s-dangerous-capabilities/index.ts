import { defineCheck } from '../../check.js';
import { items, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { containerLabel, containers, podSpecs, setField } from '../k8s-workloads.js';

/** Capabilities that break container isolation, with what each allows. */
const DANGEROUS: Readonly<Record<string, string>> = {
  ALL: 'every capability, as good as privileged',
  SYS_ADMIN: 'mounts, namespaces, BPF and much of the kernel: a known container escape',
  SYS_MODULE: 'loading kernel modules: full control of the node',
  SYS_RAWIO: 'raw I/O to devices and memory',
  SYS_PTRACE: 'tracing and injecting into other processes',
  SYS_BOOT: 'rebooting the node',
  SYS_TIME: "setting the node's clock",
  DAC_READ_SEARCH: 'reading any file, and opening host files by handle (the "shocker" escape)',
  NET_ADMIN: 'reconfiguring interfaces, routes and firewall rules',
  NET_RAW: 'raw sockets: spoofing and sniffing traffic on the pod network',
  BPF: 'loading BPF programs into the kernel',
  PERFMON: 'kernel performance monitoring, with BPF tracing',
  MAC_ADMIN: 'changing the mandatory access control (AppArmor, SELinux) policy',
  MAC_OVERRIDE: 'overriding mandatory access control',
  SYSLOG: 'reading kernel logs, which leak kernel addresses',
  AUDIT_CONTROL: 'changing kernel audit rules',
  LINUX_IMMUTABLE: 'changing immutable and append-only files',
  CHECKPOINT_RESTORE: 'checkpoint/restore of other processes',
};

/** `securityContext.capabilities.add` with a capability that breaks isolation. */
export const k8sDangerousCapabilities = defineCheck({
  meta: {
    id: 'k8s-dangerous-capabilities',
    kind: 'kubernetes',
    title: 'Container adds dangerous capabilities',
    severity: 'high',
    cwe: ['CWE-250'],
    owasp: 'A05:2021',
    description:
      'The container adds a Linux capability that lets root in it act on the kernel, the network or other processes (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL, …): a compromise of the container reaches the node.',
    remediation:
      'Drop every capability and add back only the harmless ones the process needs: `securityContext: { capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } }`; if a node agent truly needs one, isolate it in its own namespace.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc))
      for (const c of containers(pod))
        for (const item of items(setField(setField(c.securityContext, 'capabilities'), 'add'))) {
          const name = (scalar(item) ?? '').toUpperCase().replace(/^CAP_/, '');
          const effect = Object.hasOwn(DANGEROUS, name) ? DANGEROUS[name] : undefined;
          if (effect)
            report({
              ...positionOf(doc, item),
              message: `The ${containerLabel(c)} adds capability ${name} (${effect}).`,
            });
        }
  },
});
