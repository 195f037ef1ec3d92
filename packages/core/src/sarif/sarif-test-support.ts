import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import fc from 'fast-check';
import type { Finding, JsonValue } from '../finding/finding.js';
import {
  codeFingerprint,
  packageFingerprint,
  secretFingerprint,
  urlFingerprint,
} from '../finding/fingerprint.js';
import { SEVERITIES } from '../finding/severity.js';

// Test support for the SARIF tests only: not part of the package's API.

const SCHEMA_PATH = fileURLToPath(
  new URL('../../../../../shared/data/schemas/sarif-schema-2.1.0.json', import.meta.url),
);

function loadSarifSchema(): object {
  if (!existsSync(SCHEMA_PATH)) {
    throw new Error(
      `The official SARIF 2.1.0 schema is missing at ${SCHEMA_PATH}; the writer cannot be ` +
        'checked without it. Restore shared/data/schemas/sarif-schema-2.1.0.json.',
    );
  }
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
}

// ajv-formats is not installed: the three formats the SARIF schema uses, checked by hand.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
/** A validator for the official SARIF 2.1.0 schema; throws a clear error when the schema file is missing. */
export function sarifValidator() {
  // ajv-draft-04 is CommonJS: under NodeNext its default import is `module.exports`,
  // which is the Ajv class and also carries it as `.default` (the typed way in).
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URI_CHARS.test(s));
  ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(s));
  return ajv.compile(loadSarifSchema());
}

// Simple strings, but with spaces, unicode (2-byte, 3-byte, astral) and URI-special characters.
const textChar = fc.constantFrom(
  'a',
  'b',
  'Z',
  '0',
  '7',
  ' ',
  '-',
  '_',
  '.',
  'é',
  '漢',
  '😀',
  '%',
  '#',
  '?',
  ':',
  '&',
  '"',
);
const text = fc.string({ unit: textChar, minLength: 1, maxLength: 12 });
const anyText = fc.string({ unit: textChar, maxLength: 12 });
const segment = fc.string({ unit: textChar, minLength: 1, maxLength: 8 });
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const positive = fc.integer({ min: 1, max: 5000 });
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyText,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.string({ unit: fc.constantFrom('k', 'e', 'y', '-'), minLength: 1, maxLength: 4 }),
      tie('value'),
      {
        maxKeys: 3,
        noNullPrototype: true,
      },
    ),
  ),
})).value;

const codeLocation = fc.record(
  {
    kind: fc.constant('code' as const),
    path,
    region: fc.record(
      { startLine: positive, startColumn: positive, endLine: positive, endColumn: positive },
      { noNullPrototype: true },
    ),
    snippet: anyText,
  },
  { requiredKeys: ['kind', 'path', 'region'], noNullPrototype: true },
);

const packageLocation = fc.record(
  {
    kind: fc.constant('package' as const),
    purl: text.map((s) => `pkg:npm/${s}`),
    ecosystem: fc.constantFrom('npm', 'PyPI', 'Maven', 'crates.io'),
    name: text,
    version: anyText,
    manifestPath: path,
    line: positive,
    fixedVersions: fc.array(text, { maxLength: 3 }),
    dependencyPath: fc.array(text, { maxLength: 3 }),
    direct: fc.boolean(),
    dev: fc.boolean(),
  },
  {
    requiredKeys: ['kind', 'purl', 'ecosystem', 'name', 'version', 'manifestPath', 'fixedVersions'],
    noNullPrototype: true,
  },
);

const urlLocation = fc.record(
  {
    kind: fc.constant('url' as const),
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    url: path.map((p) => `https://example.com/${p}`),
    parameter: text,
    evidence: fc.record(
      { request: anyText, response: anyText, proof: anyText },
      { requiredKeys: [], noNullPrototype: true },
    ),
  },
  { requiredKeys: ['kind', 'method', 'url'], noNullPrototype: true },
);

/** Any valid finding, with simple strings that still hold spaces, unicode, `%` and `#`. */
export const findingArbitrary: fc.Arbitrary<Finding> = fc.record(
  {
    ruleId: text,
    scanner: fc.constantFrom('sast', 'secrets', 'sca', 'iac', 'dast'),
    tool: fc.record({ name: text, version: anyText }, { noNullPrototype: true }),
    title: text,
    message: text,
    severity: fc.constantFrom(...SEVERITIES),
    confidence: fc.constantFrom('high', 'medium', 'low'),
    cwe: fc.array(
      fc.integer({ min: 1, max: 1500 }).map((n) => `CWE-${n}`),
      { maxLength: 3 },
    ),
    owasp: fc.integer({ min: 1, max: 10 }).map((n) => `A${String(n).padStart(2, '0')}:2021`),
    location: fc.oneof(codeLocation, packageLocation, urlLocation),
    remediation: anyText,
    references: fc.array(
      fc.oneof(
        text,
        path.map((p) => `https://docs.example/${p}`),
      ),
      { maxLength: 3 },
    ),
    tags: fc.array(text, { maxLength: 3 }),
    secret: fc.record(
      {
        hash: hex(64),
        preview: anyText,
        validated: fc.constantFrom('valid', 'invalid', 'unknown'),
      },
      { requiredKeys: ['hash', 'preview'], noNullPrototype: true },
    ),
    cvss: fc.record(
      {
        version: fc.constantFrom('3.0', '3.1', '4.0'),
        vector: text,
        score: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
      },
      { noNullPrototype: true },
    ),
    properties: fc.dictionary(
      fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 }),
      json,
      {
        maxKeys: 3,
        noNullPrototype: true,
      },
    ),
    fingerprint: text,
    novelty: fc.constantFrom('new', 'existing'),
  },
  {
    requiredKeys: [
      'ruleId',
      'scanner',
      'tool',
      'title',
      'message',
      'severity',
      'confidence',
      'cwe',
      'location',
      'references',
      'tags',
      'fingerprint',
    ],
    noNullPrototype: true,
  },
);

/**
 * A realistic set of findings for the SARIF tests: two rules with several code findings
 * (one path with a space, unicode and `%`), a secret, a vulnerable package and a URL.
 * Test support only; not part of the package's API.
 */
export function realisticFindings(): Finding[] {
  const secretHash = createHash('sha256').update('AKIAIOSFODNN7EXAMPLE').digest('hex');
  return [
    {
      ruleId: 'js/sql-injection',
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'SQL query built from user input',
      message: 'req.query.id flows into db.query without parameterisation.',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-89'],
      owasp: 'A03:2021',
      location: {
        kind: 'code',
        path: 'src/routes/users.ts',
        region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 58 },
        snippet: 'db.query("SELECT * FROM users WHERE id = " + req.query.id)',
      },
      remediation: 'Use a parameterised query: `db.query("… WHERE id = $1", [id])`.',
      references: [
        'https://owasp.org/Top10/A03_2021-Injection/',
        'https://cwe.mitre.org/data/definitions/89.html',
      ],
      tags: ['injection', 'sql'],
      fingerprint: codeFingerprint('js/sql-injection', 'src/routes/users.ts', 'db.query(...)', 0),
    },
    {
      ruleId: 'js/xss',
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Reflected cross-site scripting',
      message: 'User input is written to the response without escaping.',
      severity: 'medium',
      confidence: 'medium',
      cwe: ['CWE-79', 'CWE-80'],
      location: {
        kind: 'code',
        path: 'src/vues/café 100%/page #1.ts',
        region: { startLine: 3, startColumn: 1, endLine: 4, endColumn: 20 },
      },
      references: [
        'https://cheatsheetseries.owasp.org/cheatsheets/XSS_Prevention_Cheat_Sheet.html',
      ],
      tags: ['xss'],
      fingerprint: codeFingerprint('js/xss', 'src/vues/café 100%/page #1.ts', '', 0),
      novelty: 'new',
    },
    {
      ruleId: 'js/sql-injection',
      scanner: 'sast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'SQL query built from user input',
      message: 'req.body.name flows into knex.raw.',
      severity: 'critical',
      confidence: 'high',
      cwe: ['CWE-89'],
      location: {
        kind: 'code',
        path: 'src/routes/search.ts',
        region: { startLine: 40, startColumn: 9, endLine: 41, endColumn: 3 },
        snippet: 'knex.raw("… " + req.body.name\n)',
      },
      references: [],
      tags: [],
      fingerprint: codeFingerprint('js/sql-injection', 'src/routes/search.ts', 'knex.raw(...)', 0),
    },
    {
      ruleId: 'aws-access-key-id',
      scanner: 'secrets',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'AWS access key id',
      message: 'An AWS access key id is committed in config/dev.env.',
      severity: 'critical',
      confidence: 'high',
      cwe: ['CWE-798'],
      owasp: 'A07:2021',
      location: {
        kind: 'code',
        path: 'config/dev.env',
        region: { startLine: 2, startColumn: 19, endLine: 2, endColumn: 39 },
        snippet: 'AWS_ACCESS_KEY_ID=AKIA****************',
      },
      remediation: 'Revoke the key in IAM, then load it from the environment.',
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      ],
      tags: ['secret', 'aws'],
      secret: { hash: secretHash, preview: 'AKIA****', validated: 'unknown' },
      fingerprint: secretFingerprint('aws-access-key-id', 'config/dev.env', secretHash),
    },
    {
      ruleId: 'GHSA-jf85-cpcp-j695',
      scanner: 'sca',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Prototype pollution in lodash',
      message: 'lodash@4.17.11 is vulnerable to prototype pollution; upgrade to 4.17.12.',
      severity: 'critical',
      confidence: 'high',
      cwe: ['CWE-1321'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.11',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.11',
        manifestPath: 'package-lock.json',
        line: 1207,
        fixedVersions: ['4.17.12'],
        dependencyPath: ['my-app', 'express-utils', 'lodash'],
        direct: false,
        dev: false,
      },
      references: ['https://github.com/advisories/GHSA-jf85-cpcp-j695'],
      tags: ['dependency'],
      cvss: {
        version: '3.1',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        score: 9.8,
      },
      properties: { aliases: ['CVE-2019-10744'], published: '2019-07-26' },
      fingerprint: packageFingerprint('GHSA-jf85-cpcp-j695', 'npm', 'lodash', 'package-lock.json'),
    },
    {
      ruleId: 'GHSA-p6mc-m468-83gw',
      scanner: 'sca',
      tool: { name: 'osv-scanner', version: '1.9.0' },
      title: 'Command injection in lodash',
      message: 'lodash@4.17.11 is vulnerable to command injection via template.',
      severity: 'high',
      confidence: 'medium',
      cwe: ['CWE-77', 'CWE-94'],
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.11',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.11',
        manifestPath: 'web app/package.json',
        fixedVersions: [],
      },
      references: ['see the advisory'],
      tags: [],
      fingerprint: packageFingerprint(
        'GHSA-p6mc-m468-83gw',
        'npm',
        'lodash',
        'web app/package.json',
      ),
    },
    {
      ruleId: 'missing-csp',
      scanner: 'dast',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Content-Security-Policy header missing',
      message: 'GET https://staging.example.com/login returns no Content-Security-Policy.',
      severity: 'low',
      confidence: 'low',
      cwe: ['CWE-693'],
      owasp: 'A05:2021',
      location: {
        kind: 'url',
        method: 'GET',
        url: 'https://staging.example.com/login?next=%2Fhome',
        parameter: 'next',
        evidence: { response: 'HTTP/1.1 200 OK\ncontent-type: text/html', proof: 'no CSP' },
      },
      references: ['https://developer.mozilla.org/docs/Web/HTTP/CSP'],
      tags: ['headers'],
      fingerprint: urlFingerprint(
        'missing-csp',
        'GET',
        'https://staging.example.com/login',
        'next',
      ),
    },
    {
      ruleId: 'info-banner',
      scanner: 'iac',
      tool: { name: 'rampart', version: '0.1.0' },
      title: 'Base image not pinned',
      message: 'FROM node:latest is not pinned to a digest.',
      severity: 'info',
      confidence: 'medium',
      cwe: [],
      location: {
        kind: 'code',
        path: 'Dockerfile',
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 17 },
        snippet: 'FROM node:latest',
      },
      references: [],
      tags: [],
      fingerprint: codeFingerprint('info-banner', 'Dockerfile', 'FROM node:latest', 0),
    },
  ];
}
