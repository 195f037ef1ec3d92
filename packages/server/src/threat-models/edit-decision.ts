import type { ThreatDecision } from '@rampart/threat-model';
import { isMap, parseDocument } from 'yaml';

/**
 * The `threatmodel.yml` text with the decision about one threat set in its `threats:` map
 * (added, or replacing the one there). Edited through the YAML document, not rebuilt from
 * the model, so comments, key order and quoting survive: the file still reads like the
 * team wrote it when they pull the hub's change back into the repository. Long lines are
 * not folded below the document's own widest line.
 *
 * @example
 * withThreatDecision(source, 'TM-S-001@api', { status: 'mitigated', evidence: 'mTLS (PAY-12)' });
 */
export function withThreatDecision(
  source: string,
  threatId: string,
  decision: ThreatDecision,
): string {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) {
    // The source passed parseThreatModel when it was stored: this is a bug, not bad input.
    throw new Error(`the stored threat model is not valid YAML: ${doc.errors[0]?.message}`);
  }
  const value = doc.createNode({ ...decision });
  const threats = doc.get('threats', true);
  if (isMap(threats)) {
    // `threats: {}` is how an empty map is written; a first entry reads better as a block.
    if (threats.flow && threats.items.length === 0) threats.flow = false;
    threats.set(threatId, value);
  } else {
    doc.set('threats', doc.createNode({ [threatId]: decision }));
  }
  const widest = source.split('\n').reduce((most, line) => Math.max(most, line.length), 0);
  return doc.toString({ flowCollectionPadding: false, lineWidth: Math.max(80, widest) });
}
