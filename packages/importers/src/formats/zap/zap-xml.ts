import { ParseError } from '@rampart/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from '../../support/json-report.js';

// Typed as the `Symbol` wrapper object by fast-xml-parser; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  processEntities: true,
  isArray: (name) => name === 'site' || name === 'alertitem' || name === 'instance',
});

/** A ZAP XML report in the JSON report's shape, and the XML element behind each object. */
export interface ZapXml {
  /** `{ '@version', site: [{ '@name', alerts: [{ …, instances: [...] }] }] }`, as in JSON. */
  readonly report: unknown;
  /** The 1-based line of the element behind the value at `path` in `report`. */
  readonly lineOf: (path: readonly PropertyKey[]) => number;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function listIn(value: unknown, key: string): unknown[] {
  const inner = isRecord(value) ? value[key] : undefined;
  return Array.isArray(inner) ? inner : [];
}

/**
 * Reads ZAP's XML report (`OWASPZAPReport` → `site` → `alerts` → `alertitem` → `instances`
 * → `instance`): the XML is validated first (errors name the line and column), then
 * reshaped like the JSON report so one schema checks both.
 */
export function readZapXml(text: string, file: string): ZapXml {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ParseError(
      { file, line: valid.err.line, column: valid.err.col },
      `invalid XML: ${valid.err.msg}`,
    );
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (cause) {
    throw new ParseError({ file, line: 1 }, 'invalid XML: the document could not be read', {
      cause,
    });
  }
  const root = isRecord(doc) ? doc.OWASPZAPReport : undefined;
  if (!isRecord(root)) {
    throw new ParseError(
      { file, line: 1 },
      'not a ZAP XML report: the root element is not <OWASPZAPReport>',
    );
  }
  const sites = listIn(root, 'site');
  const report = {
    ...root,
    site: sites.map((site) => ({
      ...(isRecord(site) ? site : {}),
      alerts: listIn(isRecord(site) ? site.alerts : undefined, 'alertitem').map((item) => ({
        ...(isRecord(item) ? item : {}),
        instances: listIn(isRecord(item) ? item.instances : undefined, 'instance'),
      })),
    })),
  };
  const lineOf = (path: readonly PropertyKey[]): number => {
    // Walk the XML elements alongside the reshaped path; report the deepest element found.
    let node: unknown = root;
    let found: unknown = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const next = path[i + 1];
      if (key === 'site' && typeof next === 'number') node = listIn(node, 'site')[next];
      else if (key === 'alerts' && typeof next === 'number')
        node = listIn(isRecord(node) ? node.alerts : undefined, 'alertitem')[next];
      else if (key === 'instances' && typeof next === 'number')
        node = listIn(isRecord(node) ? node.instances : undefined, 'instance')[next];
      else break;
      i++;
      if (!isRecord(node)) break;
      found = node;
    }
    const meta = isRecord(found) ? (found as Record<symbol, unknown>)[META] : undefined;
    const start =
      isRecord(meta) && typeof meta.startIndex === 'number' ? meta.startIndex : undefined;
    return start === undefined ? 1 : lineAt(text, start);
  };
  return { report, lineOf };
}
