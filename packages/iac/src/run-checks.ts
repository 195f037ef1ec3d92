import type { FindingDraft } from '@rampart/core';
import { ParseError, packageVersion } from '@rampart/core';
import type { Check, CheckReport, IacKind, ParsedByKind } from './check.js';
import { parseDockerfile } from './parsers/dockerfile.js';
import { parseTerraform } from './parsers/terraform.js';
import { parseYamlDoc } from './parsers/yaml-doc.js';

const TOOL = { name: 'rampart', version: packageVersion(import.meta.url) };

/** Parses a file as the given kind (a YAML syntax error throws a ParseError). */
export function parseAs<K extends IacKind>(kind: K, text: string, file: string): ParsedByKind[K] {
  if (kind === 'dockerfile') return parseDockerfile(text) as ParsedByKind[K];
  if (kind === 'terraform') {
    const doc = parseTerraform(text);
    if (doc.errorLine !== undefined)
      throw new ParseError({ file, line: doc.errorLine }, 'invalid HCL (syntax error)');
    return doc as ParsedByKind[K];
  }
  return parseYamlDoc(text, file) as ParsedByKind[K];
}

/** Runs checks over a parsed file; each report is one finding, at the check's location. */
export function runChecks<K extends IacKind>(
  checks: readonly Check<K>[],
  doc: ParsedByKind[K],
  path: string,
  text: string,
): FindingDraft[] {
  const lines = text.split('\n');
  const drafts: FindingDraft[] = [];
  for (const check of checks) {
    const seen = new Set<string>();
    check.check(doc, (found: CheckReport) => {
      const key = `${found.line}:${found.column ?? 0}`;
      if (seen.has(key)) return;
      seen.add(key);
      const { meta } = check;
      drafts.push({
        ruleId: `iac/${meta.id}`,
        scanner: 'iac',
        tool: TOOL,
        title: meta.title,
        message: found.message ?? meta.description,
        severity: meta.severity,
        confidence: meta.confidence ?? 'high',
        cwe: [...meta.cwe],
        ...(meta.owasp === undefined ? {} : { owasp: meta.owasp }),
        location: {
          kind: 'code',
          path,
          region: {
            startLine: found.line,
            startColumn: found.column ?? 1,
            endLine: found.endLine ?? found.line,
            // Without an end, the region runs to the end of the line (exclusive, as SARIF).
            endColumn:
              found.endColumn ?? (lines[(found.endLine ?? found.line) - 1] ?? '').length + 1,
          },
          snippet: (found.snippet ?? lines[found.line - 1] ?? '').slice(0, 300),
        },
        remediation: meta.remediation,
        references: [...meta.references],
        tags: ['iac', meta.kind],
      });
    });
  }
  return drafts;
}
