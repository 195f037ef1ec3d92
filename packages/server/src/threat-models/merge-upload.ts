import { isDeepStrictEqual } from 'node:util';
import {
  evaluateThreats,
  THREAT_RULES,
  type ThreatDecision,
  type ThreatModel,
} from '@rampart/threat-model';
import { withThreatDecision } from './edit-decision.js';

/** What merging a CI upload with the hub's decisions did. */
export interface UploadMerge {
  /** The document to store: the upload, with the hub's decisions it did not touch. */
  readonly source: string;
  /** Threats whose decision made in the hub was written into the upload. */
  readonly carried: readonly string[];
  /** Threats decided both in the hub and in the repository since the last upload: the repository's decision stands. */
  readonly conflicts: readonly string[];
  /** Threats decided in the hub that the uploaded model no longer gives (their element or flow is gone). */
  readonly dropped: readonly string[];
}

/**
 * A three-way merge of the `threats:` decisions when CI uploads `threatmodel.yml` again:
 * `base` is the file CI uploaded last time, `ours` the hub's latest revision (the base plus
 * decisions recorded in the dashboard or the API since), `theirs` the new upload. A threat
 * whose decision the hub changed and the repository did not keeps the hub's decision,
 * written into the uploaded text (comments and layout kept); when both changed it, the
 * repository's stands (a reviewed commit is the later, deliberate word) and the threat is
 * listed as a conflict. Everything else in the document is the upload's.
 */
export function mergeUpload(
  base: ThreatModel,
  ours: ThreatModel,
  theirsSource: string,
  theirs: ThreatModel,
): UploadMerge {
  const given = new Set(evaluateThreats(theirs, THREAT_RULES).map((t) => t.id));
  const carried: string[] = [];
  const conflicts: string[] = [];
  const dropped: string[] = [];
  let source = theirsSource;
  const ids = new Set([...Object.keys(ours.threats), ...Object.keys(base.threats)]);
  for (const id of [...ids].sort()) {
    const mine: ThreatDecision | undefined = ours.threats[id];
    const original = base.threats[id];
    // Only a decision the hub set counts: the hub sets entries, it never deletes one.
    if (mine === undefined || isDeepStrictEqual(mine, original)) continue;
    if (!isDeepStrictEqual(theirs.threats[id], original)) {
      conflicts.push(id);
      continue;
    }
    if (!given.has(id)) {
      dropped.push(id);
      continue;
    }
    source = withThreatDecision(source, id, mine);
    carried.push(id);
  }
  return { source, carried, conflicts, dropped };
}
