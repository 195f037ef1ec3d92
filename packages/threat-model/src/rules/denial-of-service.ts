import type { ThreatRule } from '../types.js';
import { cheatSheet, isExposed } from './conditions.js';

/** Denial of service: the system or its data stops being available to those who need it. */
export const DENIAL_OF_SERVICE_RULES: readonly ThreatRule[] = [
  {
    id: 'TM-D-001',
    title: 'Internet-facing process can be flooded',
    stride: 'denial-of-service',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is `internetFacing: true` and states `rateLimited: false`: a single client ' +
      'or a small botnet can send requests faster than it can serve them, exhausting ' +
      'connections, CPU or downstream quotas for everyone else.',
    mitigations: [
      'Rate-limit per client, per token and per IP at the edge (gateway, CDN or WAF), with stricter limits on expensive routes.',
      'Set timeouts, request-size limits and concurrency limits in the process itself.',
      'Autoscale behind a load balancer, with a cap and a cost alert.',
    ],
    cwe: ['CWE-770', 'CWE-799'],
    capec: ['CAPEC-125', 'CAPEC-469'],
    references: [cheatSheet('Denial_of_Service')],
    applies: ({ element: { attributes: a } }) =>
      a.internetFacing === true && a.rateLimited === false,
  },
  {
    id: 'TM-D-002',
    title: 'Single instance on the path of external users',
    stride: 'denial-of-service',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process is reached from the internet or by an external entity and states ' +
      '`redundant: false`: one crash, bad deploy, host failure or targeted request that kills ' +
      'the instance takes the service down for all its users.',
    mitigations: [
      'Run at least two instances across failure domains behind a health-checked load balancer.',
      'Deploy with rolling or blue-green releases and automatic rollback.',
      'Restart crashed instances automatically and alert on crash loops.',
    ],
    cwe: ['CWE-400'],
    capec: ['CAPEC-607'],
    references: [cheatSheet('Denial_of_Service')],
    applies: (view) => view.element.attributes.redundant === false && isExposed(view),
  },
  {
    id: 'TM-D-003',
    title: 'Data lost for good when the store is deleted or encrypted',
    stride: 'denial-of-service',
    severity: 'high',
    target: 'element',
    elementTypes: ['data-store'],
    description:
      'The data store states `backedUp: false`: ransomware, a compromised or buggy writer, an ' +
      'operator mistake or a provider incident can destroy its data with no way to restore it.',
    mitigations: [
      'Back up on a schedule that matches the acceptable data loss, and test restores regularly.',
      'Keep at least one immutable or offline copy in a separate account the application cannot delete.',
      'Enable point-in-time recovery or object versioning where the store supports it.',
    ],
    cwe: ['CWE-693'],
    capec: [],
    references: [cheatSheet('Secure_Cloud_Architecture')],
    applies: ({ element: { attributes: a } }) => a.backedUp === false,
  },
  {
    id: 'TM-D-004',
    title: 'Uploads exhaust storage or processing',
    stride: 'denial-of-service',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `acceptsUploads: true` and states `rateLimited: false`: a caller can upload ' +
      'large or many files (or compressed archives that expand enormously) until disk, memory ' +
      'or processing capacity runs out.',
    mitigations: [
      'Limit upload size, count and rate per caller, and enforce quotas per account.',
      'Stream uploads to object storage instead of buffering them in memory.',
      'Process uploads asynchronously with bounded workers and limits on decompressed size.',
    ],
    cwe: ['CWE-400', 'CWE-770'],
    capec: ['CAPEC-130'],
    references: [cheatSheet('File_Upload'), cheatSheet('Denial_of_Service')],
    applies: ({ element: { attributes: a } }) =>
      a.acceptsUploads === true && a.rateLimited === false,
  },
  {
    id: 'TM-D-005',
    title: 'Queue backlog grows without bound',
    stride: 'denial-of-service',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process', 'data-store'],
    description:
      'The element is a queue or event stream (`isQueue: true`) and states ' +
      '`rateLimited: false`: a flood from one producer fills the queue, delays every other ' +
      'message behind it and can exhaust the broker’s disk or memory.',
    mitigations: [
      'Set quotas per producer and a maximum queue length or retention, with a defined overflow policy.',
      'Alert on queue depth and consumer lag, and scale consumers on backlog.',
      'Separate queues for critical and bulk traffic so one cannot starve the other.',
    ],
    cwe: ['CWE-770'],
    capec: ['CAPEC-125'],
    references: [cheatSheet('Denial_of_Service')],
    applies: ({ element: { attributes: a } }) => a.isQueue === true && a.rateLimited === false,
  },
  {
    id: 'TM-D-006',
    title: 'Login requests exhaust CPU through password hashing',
    stride: 'denial-of-service',
    severity: 'medium',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `hashesPasswords: true` with a deliberately slow KDF and states ' +
      '`rateLimited: false`: each login attempt costs the server far more than the client, ' +
      'so a modest stream of logins (or very long passwords) can saturate its CPU.',
    mitigations: [
      'Rate-limit login and password-change endpoints per account and per source.',
      'Cap password length accepted by the KDF, and run hashing in a bounded worker pool.',
      'Put a challenge (proof of work or CAPTCHA) in front of logins under attack.',
    ],
    cwe: ['CWE-405', 'CWE-400'],
    capec: ['CAPEC-125'],
    references: [cheatSheet('Password_Storage'), cheatSheet('Denial_of_Service')],
    applies: ({ element: { attributes: a } }) =>
      a.hashesPasswords === true && a.rateLimited === false,
  },
  {
    id: 'TM-D-007',
    title: 'URL fetching used to amplify or tie up the process',
    stride: 'denial-of-service',
    severity: 'low',
    target: 'element',
    elementTypes: ['process'],
    description:
      'The process `fetchesUrls: true` and states `rateLimited: false`: callers can make it ' +
      'fetch many, huge or deliberately slow URLs, tying up its workers and connections, or ' +
      'use it to send traffic at someone else.',
    mitigations: [
      'Rate-limit fetch requests per caller and globally.',
      'Set connect and total timeouts and a maximum response size for every fetch.',
      'Run fetches in a bounded worker pool separate from request handling.',
    ],
    cwe: ['CWE-400', 'CWE-405'],
    capec: ['CAPEC-490'],
    references: [
      cheatSheet('Denial_of_Service'),
      cheatSheet('Server_Side_Request_Forgery_Prevention'),
    ],
    applies: ({ element: { attributes: a } }) => a.fetchesUrls === true && a.rateLimited === false,
  },
];
