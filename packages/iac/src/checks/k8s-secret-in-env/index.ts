import { maskSecretIn } from '@rampart/core';
import { defineCheck } from '../../check.js';
import { child, items, positionOf, scalar } from '../../parsers/yaml-doc.js';
import { containerLabel, containers, podSpecs } from '../k8s-workloads.js';

/** Words that make a variable a secret on their own. */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
]);
/** Words that make a following `KEY` a secret (`API_KEY`, `PRIVATE_KEY`, `SECRET_KEY`…). */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'PRIVATE',
  'SECRET',
  'ENCRYPTION',
  'SIGNING',
  'MASTER',
  'AUTH',
]);
/** Last words of names that hold something about a secret, not the secret itself. */
const NOT_SECRET_SUFFIXES = new Set([
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'NAME',
  'ID',
  'USER',
  'USERNAME',
  'TTL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'LIFETIME',
  'DURATION',
  'TIMEOUT',
  'INTERVAL',
  'LENGTH',
  'LEN',
  'MIN',
  'MAX',
  'AGE',
  'COUNT',
  'LIMIT',
  'ROUNDS',
  'SIZE',
  'HEADER',
  'PREFIX',
  'TYPE',
  'ALGORITHM',
  'POLICY',
  'MODE',
  'ENABLED',
  'ENABLE',
  'REF',
  'SCOPE',
  'SCOPES',
  'AUDIENCE',
  'ISSUER',
  'STORE',
  'PROVIDER',
  'BACKEND',
]);

/** Whether an environment variable name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  if (!last || NOT_SECRET_SUFFIXES.has(last)) return false;
  // `DB_PASS`, `SMTP_PWD` (but not `PWD`, the working directory).
  if (words.length > 1 && (last === 'PASS' || last === 'PWD')) return true;
  return words.some(
    (w, i) => SECRET_WORDS.has(w) || (w === 'KEY' && KEY_QUALIFIERS.has(words[i - 1] ?? '')),
  );
}

/** Values that are not a secret: booleans, numbers, durations, references, paths. */
function isPlaceholder(value: string): boolean {
  return (
    /^(?:true|false|yes|no|on|off|null|none|enabled|disabled)$/i.test(value) ||
    /^-?\d+(?:\.\d+)?(?:ms|s|m|h|d)?$/.test(value) ||
    /^\$\(\w+\)$|^\$\{\w+\}$|^\$\w+$/.test(value) ||
    value.startsWith('/')
  );
}

/** An `env` entry of a container whose name says secret, with a literal `value`. */
export const k8sSecretInEnv = defineCheck({
  meta: {
    id: 'k8s-secret-in-env',
    kind: 'kubernetes',
    title: 'Secret in a container environment variable',
    severity: 'high',
    cwe: ['CWE-798'],
    owasp: 'A07:2021',
    description:
      'A secret-looking environment variable is given a literal value in the manifest: it is stored in the repository and in the object, readable by anyone who can read either.',
    remediation:
      'Keep the value in a Secret (created out of band, or by External Secrets / Sealed Secrets) and reference it: `env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }]`; rotate the value that was committed.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/',
      'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#define-container-environment-variables-using-secret-data',
    ],
  },
  check(doc, report) {
    const lines = doc.text.split('\n');
    for (const pod of podSpecs(doc))
      for (const c of containers(pod))
        for (const entry of items(child(c.node, 'env'))) {
          const name = scalar(child(entry, 'name'));
          const valueNode = child(entry, 'value');
          const value = scalar(valueNode)?.trim();
          if (!name || !valueNode || !value || !isSecretName(name) || isPlaceholder(value))
            continue;
          const at = positionOf(doc, valueNode);
          report({
            ...at,
            message: `The ${containerLabel(c)} sets ${name} to a literal value instead of a secretKeyRef.`,
            snippet: maskSecretIn(lines[at.line - 1] ?? '', value),
          });
        }
  },
});
