import type { ThreatRule } from '../types.js';
import { cheatSheet, isExposed } from './conditions.js';

/** Elevation of privilege: someone gains rights they were not given. */
export const ELEVATION_OF_PRIVILEGE_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-E-001',
    title: 'Authenticated callers can reach other users’ data and functions',
    stride: 'elevation-of-privilege',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `authenticates: true` but states `authorizes: false`: once logged in, any ' +
      'caller can change an id in a request to read or modify other users’ records (IDOR), or ' +
      'call functions meant for other roles.',
    mitigations: [
      'Check on every request that the caller may perform this action on this object, in one central policy layer.',
      'Deny by default and derive the tenant/owner from the session, never from the request.',
      'Test authorisation with cross-user and cross-role cases in CI.',
    ],
    cwe: ['CWE-862', 'CWE-639'],
    capec: ['CAPEC-122', 'CAPEC-1'],
    references: [
      cheatSheet('Authorization'),
      cheatSheet('Insecure_Direct_Object_Reference_Prevention'),
    ],
    applies: ({ element: { attributes: a } }) => a.authenticates === true && a.authorizes === false,
  },
  {
    id: 'TM-E-002',
    title: 'Privileged process handles untrusted input',
    stride: 'elevation-of-privilege',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `runsPrivileged: true` (root, cluster-admin) and takes input directly from ' +
      'the internet or an external entity: any exploitable flaw in it hands the attacker ' +
      'administrative control of the host or cluster rather than of one application.',
    mitigations: [
      'Run as a non-root user with only the capabilities it needs (drop all, add back selectively).',
      'Split the privileged part into a small separate component that never parses untrusted input.',
      'Use a read-only root file system, seccomp/AppArmor profiles and no privilege escalation.',
    ],
    cwe: ['CWE-250', 'CWE-269'],
    capec: ['CAPEC-233'],
    references: [cheatSheet('Docker_Security'), cheatSheet('Kubernetes_Security')],
    applies: (view) => view.element.attributes.runsPrivileged === true && isExposed(view),
  },
  {
    id: 'TM-E-003',
    title: 'Unhardened internet-facing process is an easy foothold',
    stride: 'elevation-of-privilege',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is `internetFacing: true` and states `hardened: false`: unpatched ' +
      'packages, default configuration, debugging tools and broad permissions in its image ' +
      'turn any foothold into a base for moving further into the system.',
    mitigations: [
      'Build from a minimal, regularly rebuilt base image and patch on a schedule.',
      'Remove shells, package managers and debug endpoints from production images.',
      'Apply least-privilege service accounts and network policies so a compromise stays contained.',
    ],
    cwe: ['CWE-1188', 'CWE-1395'],
    capec: ['CAPEC-310', 'CAPEC-233'],
    references: [cheatSheet('Docker_Security'), cheatSheet('Attack_Surface_Analysis')],
    applies: ({ element: { attributes: a } }) => a.internetFacing === true && a.hardened === false,
  },
  {
    id: 'TM-E-004',
    title: 'Administrative interface exposed to the internet',
    stride: 'elevation-of-privilege',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is an administrative interface (`isAdminInterface: true`) and ' +
      '`internetFacing: true`: anyone on the internet can probe the most powerful functions ' +
      'of the system, and any authentication or authorisation flaw in it gives full control.',
    mitigations: [
      'Reach the admin interface only over a VPN, zero-trust access proxy or private network.',
      'Allow-list source addresses and require device posture where the access proxy supports it.',
      'Serve it from a separate host name and deployment than the public application.',
    ],
    cwe: ['CWE-668', 'CWE-284'],
    capec: ['CAPEC-1'],
    references: [cheatSheet('Attack_Surface_Analysis'), cheatSheet('Authorization')],
    applies: ({ element: { attributes: a } }) =>
      a.isAdminInterface === true && a.internetFacing === true,
  },
  {
    id: 'TM-E-005',
    title: 'Third-party component runs with administrative rights',
    stride: 'elevation-of-privilege',
    severity: 'high',
    target: 'element',
    elementTypes: ['process', 'data-store'],
    description:
      'The element is `thirdParty: true` and `runsPrivileged: true`: code you do not control ' +
      '(an agent, operator, plugin or vendor appliance) holds administrative rights, so a ' +
      'compromise of the vendor or its update channel becomes a compromise of your platform.',
    mitigations: [
      'Grant the component only the permissions its documented features need (scoped roles, no cluster-admin).',
      'Pin and verify its versions and signatures, and review permission changes on upgrade.',
      'Isolate it (separate namespace, node pool or account) from your own workloads.',
    ],
    cwe: ['CWE-250', 'CWE-829'],
    capec: ['CAPEC-233', 'CAPEC-538'],
    references: [cheatSheet('Software_Supply_Chain_Security'), cheatSheet('Kubernetes_Security')],
    applies: ({ element: { attributes: a } }) => a.thirdParty === true && a.runsPrivileged === true,
  },
  {
    id: 'TM-E-006',
    title: 'Any client of the data store can read and change everything',
    stride: 'elevation-of-privilege',
    severity: 'medium',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store states `authorizes: false`: every client that can connect has the same ' +
      'full access, so a compromise of the least important client gives read and write access ' +
      'to all data, including other services’ tables or buckets.',
    mitigations: [
      'Give each client its own account with grants limited to its tables, collections or prefixes.',
      'Separate read-only and read-write roles, and keep schema changes to a migration role.',
      'Use row-level security or per-tenant keys where tenants share the store.',
    ],
    cwe: ['CWE-862', 'CWE-732'],
    capec: ['CAPEC-122'],
    references: [cheatSheet('Database_Security'), cheatSheet('Authorization')],
    applies: ({ element: { attributes: a } }) => a.authorizes === false,
  },
  {
    id: 'TM-E-007',
    title: 'Commands run with administrative rights',
    stride: 'elevation-of-privilege',
    severity: 'high',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `executesCommands: true` and `runsPrivileged: true`: any command it can be ' +
      'made to run, through injection, a bug or a malicious job definition, runs as root or ' +
      'cluster-admin.',
    mitigations: [
      'Run command execution in a separate unprivileged, sandboxed worker (no root, no host mounts, no service-account token).',
      'Allow-list the commands the process may run.',
      'Use short-lived, narrowly scoped credentials for the few actions that need privilege.',
    ],
    cwe: ['CWE-250', 'CWE-78'],
    capec: ['CAPEC-233', 'CAPEC-88'],
    references: [cheatSheet('OS_Command_Injection_Defense'), cheatSheet('Docker_Security')],
    applies: ({ element: { attributes: a } }) =>
      a.executesCommands === true && a.runsPrivileged === true,
  },
];
