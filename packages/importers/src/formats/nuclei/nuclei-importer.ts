import {
  type FindingDraft,
  ParseError,
  redactSecret,
  type Severity,
  tryCvssScore,
} from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import {
  cweIds,
  distinctStrings,
  listOf,
  owaspOf,
  snippetOf,
  toolRuleId,
} from '../../support/draft-fields.js';
import { evidenceOf, redactUrl } from '../../support/http-evidence.js';
import {
  firstJsonLine,
  isRecord,
  type JsonLine,
  jsonPathLine,
  readJsonLines,
  readJsonReport,
} from '../../support/json-report.js';

const FORMAT = 'Nuclei JSON Lines report';

/**
 * Nuclei's severities are Rampart's five; its `unknown` (a template that set none) is info.
 */
const SEVERITY: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
  unknown: 'info',
};

const stringOrList = z.union([z.string(), z.array(z.string())]).nullish();

const NucleiResult = z.object({
  'template-id': z.string().min(1),
  template: z.string().nullish(),
  info: z.object({
    name: z.string().nullish(),
    severity: z.string().nullish(),
    description: z.string().nullish(),
    remediation: z.string().nullish(),
    reference: stringOrList,
    tags: stringOrList,
    classification: z
      .object({
        'cwe-id': stringOrList,
        'cve-id': stringOrList,
        'cvss-metrics': z.string().nullish(),
      })
      .nullish(),
  }),
  type: z.string().nullish(),
  host: z.string().nullish(),
  'matched-at': z.string().nullish(),
  'matcher-name': z.string().nullish(),
  'extracted-results': z.array(z.string()).nullish(),
  fuzzing_parameter: z.string().nullish(),
  request: z.string().nullish(),
  response: z.string().nullish(),
  ip: z.string().nullish(),
});

type NucleiResult = z.output<typeof NucleiResult>;

/** Templates whose extracted values are credentials: those values are masked. */
const SECRET_TAGS = new Set([
  'token',
  'tokens',
  'secret',
  'secrets',
  'key',
  'keys',
  'credential',
  'credentials',
  'password',
]);

function methodOf(result: NucleiResult): string {
  const type = (result.type ?? 'http').toLowerCase();
  if (type !== 'http' && type !== 'headless') return type.toUpperCase(); // DNS, SSL, TCP…
  return /^([A-Z]+) /.exec(result.request ?? '')?.[1] ?? 'GET';
}

function toDraft(result: NucleiResult, file: string, line: number): FindingDraft {
  const { info } = result;
  const url = result['matched-at']?.trim() || result.host?.trim();
  if (!url) {
    throw new ParseError(
      { file, line },
      `not a ${FORMAT}: line ${line} has neither "matched-at" nor "host"`,
    );
  }
  const id = result['template-id'];
  const title = info.name?.trim() || id;
  const tags = listOf(info.tags)
    .flatMap((tag) => tag.split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const cwe = cweIds(listOf(info.classification?.['cwe-id']));
  const owasp = owaspOf([], cwe);
  const cves = distinctStrings(listOf(info.classification?.['cve-id'])).map((cve) =>
    cve.toUpperCase(),
  );
  const scored = tryCvssScore(info.classification?.['cvss-metrics'] ?? '');
  const secretValues = tags.some((tag) => SECRET_TAGS.has(tag.toLowerCase()));
  const extracted = (result['extracted-results'] ?? []).map((value) =>
    secretValues ? redactSecret(value) : value,
  );
  const request = evidenceOf(result.request);
  const response = evidenceOf(result.response);
  const proof = evidenceOf(extracted.join('\n'));
  const evidence = {
    ...(request === undefined ? {} : { request }),
    ...(response === undefined ? {} : { response }),
    ...(proof === undefined ? {} : { proof }),
  };
  const parameter = result.fuzzing_parameter?.trim() ?? '';
  const properties: Record<string, string | string[]> = {};
  if (result['matcher-name']) properties.matcherName = result['matcher-name'];
  if (result.template) properties.template = result.template;
  if (result.host) properties.host = result.host;
  if (result.ip) properties.ip = result.ip;
  if (cves.length > 0) properties.cve = cves;
  const description = snippetOf(info.description?.trim(), 2000);
  return {
    ruleId: toolRuleId('nuclei', id),
    scanner: 'dast',
    tool: { name: 'nuclei', version: '' },
    title,
    message: `${description ?? title}${result['matcher-name'] ? ` (matched: ${result['matcher-name']})` : ''}`,
    severity: SEVERITY[(info.severity ?? '').toLowerCase()] ?? 'info',
    // A template match is a signature hit, not a confirmed exploit.
    confidence: 'medium',
    cwe,
    ...(owasp === undefined ? {} : { owasp }),
    location: {
      kind: 'url',
      method: methodOf(result),
      url: redactUrl(url),
      ...(parameter === '' ? {} : { parameter }),
      ...(Object.keys(evidence).length === 0 ? {} : { evidence }),
    },
    ...(info.remediation?.trim() ? { remediation: info.remediation.trim() } : {}),
    references: distinctStrings(listOf(info.reference)).filter((ref) => /^https?:\/\//i.test(ref)),
    tags: ['nuclei', ...new Set(tags)],
    ...(scored === undefined
      ? {}
      : { cvss: { version: scored.version, vector: scored.vector, score: scored.score } }),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
  };
}

/**
 * Nuclei's JSON output: JSON Lines (`-jsonl`, `-o` with `-j`) or the array `-json-export`
 * writes. One DAST finding per result at its `matched-at` (method from the request line; a
 * DNS, SSL or network template's type stands in for the method), rule ids
 * `nuclei/<template-id>`. Requests and responses are kept as evidence with credential
 * headers masked and long bodies cut; `curl-command` is not kept.
 */
export const nucleiImporter: Importer = {
  id: 'nuclei',
  description: 'Nuclei JSON Lines output (-jsonl) or JSON export (-je)',
  detect(text, json) {
    const candidate = json === undefined ? firstJsonLine(text) : json;
    const first: unknown = Array.isArray(candidate) ? candidate[0] : candidate;
    return isRecord(first) && typeof first['template-id'] === 'string' && isRecord(first.info);
  },
  parse(text, { file }) {
    let records: JsonLine<NucleiResult>[];
    if (
      text
        .replace(/^\ufeff/, '')
        .trimStart()
        .startsWith('[')
    ) {
      const list = readJsonReport(text, file, 'Nuclei JSON export', z.array(NucleiResult));
      records = list.map((value, i) => ({ value, line: jsonPathLine(text, [i]) }));
    } else {
      records = readJsonLines(text, file, FORMAT, NucleiResult);
    }
    return records.map(({ value, line }) => toDraft(value, file, line));
  },
};
