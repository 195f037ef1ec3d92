import type { Confidence, FindingDraft, Severity } from '@rampart/core';
import { parseJsonText } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { cweIds, owaspOf, snippetOf, toolRuleId } from '../../support/draft-fields.js';
import { evidenceOf, redactUrl } from '../../support/http-evidence.js';
import { checkShape, isRecord, jsonPathLine } from '../../support/json-report.js';
import { htmlToText, urlsIn } from './zap-html.js';
import { readZapXml } from './zap-xml.js';

/** ZAP's risk codes: 3 High, 2 Medium, 1 Low, 0 Informational (ZAP has no "critical"). */
const SEVERITY: Readonly<Record<string, Severity>> = {
  '3': 'high',
  '2': 'medium',
  '1': 'low',
  '0': 'info',
};

/**
 * ZAP's confidence codes: 4 Confirmed (by a user) and 3 High are high, 2 Medium, 1 Low.
 * 0 is "False Positive", set by a user: those alerts are not imported.
 */
const CONFIDENCE: Readonly<Record<string, Confidence>> = {
  '4': 'high',
  '3': 'high',
  '2': 'medium',
  '1': 'low',
};

// ZAP writes numbers as strings ("riskcode": "2"); accept either, read as text.
const code = z.union([z.string(), z.number()]).transform(String);
const text = z.union([z.string(), z.number()]).transform(String).nullish();

const Instance = z.object({
  uri: z.string().min(1),
  method: text,
  param: text,
  attack: text,
  evidence: text,
  otherinfo: text,
  // The "plus" reports (XML and JSON spellings) carry the request and the response.
  requestheader: text,
  requestbody: text,
  responseheader: text,
  responsebody: text,
  'request-header': text,
  'request-body': text,
  'response-header': text,
  'response-body': text,
});

const Alert = z.object({
  pluginid: code,
  alertRef: text,
  alert: text,
  name: text,
  riskcode: z.enum(['0', '1', '2', '3']).or(z.number().int().min(0).max(3).transform(String)),
  confidence: z
    .enum(['0', '1', '2', '3', '4'])
    .or(z.number().int().min(0).max(4).transform(String)),
  desc: text,
  solution: text,
  otherinfo: text,
  reference: text,
  cweid: text,
  wascid: text,
  instances: z.array(Instance).nullish(),
});

const Site = z.object({
  '@name': z.string().min(1),
  alerts: z.array(Alert).nullish(),
});

const ZapReport = z.object({
  '@version': text,
  site: z.array(Site).nullish(),
});

type Alert = z.output<typeof Alert>;
type Instance = z.output<typeof Instance>;

function joinHttp(
  header: string | null | undefined,
  body: string | null | undefined,
): string | undefined {
  const parts = [header?.trim(), body?.trim()].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return parts.length === 0 ? undefined : parts.join('\n\n');
}

function toDraft(alert: Alert, instance: Instance, version: string): FindingDraft {
  const title = (alert.alert ?? alert.name ?? '').trim() || `ZAP alert ${alert.pluginid}`;
  const description = htmlToText(alert.desc ?? '');
  const solution = htmlToText(alert.solution ?? '');
  const cwe = cweIds([alert.cweid]);
  const owasp = owaspOf([], cwe);
  const parameter = instance.param?.trim() ?? '';
  const request = evidenceOf(
    joinHttp(
      instance.requestheader ?? instance['request-header'],
      instance.requestbody ?? instance['request-body'],
    ),
  );
  const response = evidenceOf(
    joinHttp(
      instance.responseheader ?? instance['response-header'],
      instance.responsebody ?? instance['response-body'],
    ),
  );
  const proof = evidenceOf(instance.evidence);
  const evidence = {
    ...(request === undefined ? {} : { request }),
    ...(response === undefined ? {} : { response }),
    ...(proof === undefined ? {} : { proof }),
  };
  const otherInfo = snippetOf(htmlToText(instance.otherinfo ?? alert.otherinfo ?? ''));
  const attack = evidenceOf(instance.attack);
  const properties: Record<string, string> = { pluginId: alert.pluginid };
  if (alert.alertRef) properties.alertRef = alert.alertRef;
  if (alert.wascid && alert.wascid !== '-1' && alert.wascid !== '0')
    properties.wascId = alert.wascid;
  if (attack !== undefined) properties.attack = attack;
  if (otherInfo !== undefined) properties.otherInfo = evidenceOf(otherInfo) ?? otherInfo;
  return {
    ruleId: toolRuleId('zap', alert.pluginid),
    scanner: 'dast',
    tool: { name: 'zap', version },
    title,
    message: description === '' ? title : description,
    severity: SEVERITY[alert.riskcode] ?? 'medium',
    confidence: CONFIDENCE[alert.confidence] ?? 'medium',
    cwe,
    ...(owasp === undefined ? {} : { owasp }),
    location: {
      kind: 'url',
      method: (instance.method?.trim() || 'GET').toUpperCase(),
      url: redactUrl(instance.uri),
      ...(parameter === '' ? {} : { parameter }),
      ...(Object.keys(evidence).length === 0 ? {} : { evidence }),
    },
    ...(solution === '' ? {} : { remediation: solution }),
    references: urlsIn(alert.reference ?? ''),
    tags: ['zap'],
    properties,
  };
}

function draftsOf(report: z.output<typeof ZapReport>): FindingDraft[] {
  const version = report['@version'] ?? '';
  return (report.site ?? []).flatMap((site) =>
    (site.alerts ?? [])
      .filter((alert) => alert.confidence !== '0')
      .flatMap((alert) => {
        // An alert without instances (older reports) is reported once, at the site.
        const instances = alert.instances?.length ? alert.instances : [{ uri: site['@name'] }];
        return instances.map((instance) => toDraft(alert, instance as Instance, version));
      }),
  );
}

const XML_START = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<OWASPZAPReport[\s>]/;

/**
 * OWASP ZAP's traditional report, JSON (`-J report.json`) or XML (`-x report.xml`), and their
 * "plus" variants with requests and responses. One DAST finding per alert instance, at its
 * URL with method, parameter and evidence (credentials in headers masked, long bodies cut);
 * rule ids `zap/<pluginid>`. Alerts a user marked as false positives are left out.
 */
export const zapImporter: Importer = {
  id: 'zap',
  description: 'OWASP ZAP traditional report, JSON or XML (also the "plus" variants)',
  detect(text, json) {
    if (isRecord(json)) {
      return Array.isArray(json.site) && ('@version' in json || '@programName' in json);
    }
    return json === undefined && XML_START.test(text.slice(0, 4096));
  },
  parse(text, { file }) {
    const trimmed = text.replace(/^\ufeff/, '').trimStart();
    if (trimmed.startsWith('<')) {
      const xml = readZapXml(text, file);
      return draftsOf(
        checkShape(xml.report, ZapReport, { file, format: 'ZAP XML report', lineOf: xml.lineOf }),
      );
    }
    const json = parseJsonText(text, file);
    return draftsOf(
      checkShape(json, ZapReport, {
        file,
        format: 'ZAP JSON report',
        lineOf: (path) => jsonPathLine(text, path),
      }),
    );
  },
};
