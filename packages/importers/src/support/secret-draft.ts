import {
  type Confidence,
  type FindingDraft,
  maskSecretIn,
  type Region,
  type SecretInfo,
  type Severity,
  secretInfo,
} from '@rampart/core';
import { snippetOf, type ToolInfo } from './draft-fields.js';

/** What a secret scanner's report says about one secret, the value still in clear. */
export interface FoundSecret {
  readonly ruleId: string;
  readonly tool: ToolInfo;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly path: string;
  readonly region: Region;
  /** The secret in clear, or undefined when the tool already redacted it. */
  readonly value: string | undefined;
  /** The text around it the tool reports (gitleaks' `Match`); masked before it is kept. */
  readonly context?: string | undefined;
  /** Whether the tool checked the secret is live (trufflehog's `Verified`). */
  readonly validated?: SecretInfo['validated'];
  readonly commit?: string | undefined;
  readonly tags: readonly string[];
  /** Links the tool gives (a rotation guide). */
  readonly references?: readonly string[];
  readonly properties: Readonly<Record<string, string | number | boolean>>;
}

const REMEDIATION =
  'Revoke the credential and issue a new one, then load it from the environment or a secret ' +
  'manager. Deleting it from the code does not make it safe: it stays in the git history.';

/** Replaces every line of a (possibly multi-line) secret, then the whole of it, by a preview. */
function maskAll(text: string, value: string): string {
  let masked = maskSecretIn(text, value);
  for (const line of value.split(/\r?\n/)) {
    if (line.trim().length >= 4) masked = maskSecretIn(masked, line);
  }
  return masked;
}

/**
 * The draft of a secret another tool found. The secret becomes a hash and a preview; the
 * snippet and message show only the preview. The pipeline's secret fingerprint (rule, path,
 * hash) then makes the same secret in the same file the same finding whichever tool found it.
 */
export function secretDraft(found: FoundSecret): FindingDraft {
  const info: SecretInfo | undefined =
    found.value === undefined || found.value === ''
      ? undefined
      : {
          ...secretInfo(found.value),
          ...(found.validated === undefined ? {} : { validated: found.validated }),
        };
  const shown = (text: string): string =>
    found.value === undefined || found.value === '' ? text : maskAll(text, found.value);
  const context = found.context === undefined ? undefined : snippetOf(shown(found.context), 240);
  const preview = info?.preview;
  const where =
    found.commit === undefined || found.commit === ''
      ? ''
      : ` in commit ${found.commit.slice(0, 12)}`;
  const live = found.validated === 'valid' ? `, verified live by ${found.tool.name}` : '';
  return {
    ruleId: found.ruleId,
    scanner: 'secrets',
    tool: found.tool,
    title: found.title,
    message: `${found.title}${preview === undefined ? '' : ` (${preview})`}${where}${live}. Revoke and rotate it: deleting it from the code does not make it safe, it stays in the git history.`,
    severity: found.severity,
    confidence: found.confidence,
    cwe: ['CWE-798'],
    owasp: 'A07:2021',
    location: {
      kind: 'code',
      path: found.path,
      region: found.region,
      ...(context === undefined ? {} : { snippet: context }),
    },
    remediation: REMEDIATION,
    references: [...(found.references ?? [])],
    tags: ['secret', ...found.tags],
    ...(info === undefined ? {} : { secret: info }),
    ...(Object.keys(found.properties).length === 0 ? {} : { properties: { ...found.properties } }),
  };
}
