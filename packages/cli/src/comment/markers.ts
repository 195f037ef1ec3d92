/**
 * The hidden first line of Rampart's one summary comment on a pull (merge) request. A later
 * run finds the comment by this line (and by its author) and edits it instead of posting
 * another. Never change it: comments already posted carry it.
 */
export const STICKY_COMMENT_MARKER = '<!-- rampart:sticky-comment -->';

const FINDING_MARKER = /^<!-- rampart:finding ([A-Za-z0-9._:+=/-]{1,128}) -->(?:\r?\n|$)/;
const STICKY = /^<!-- rampart:sticky-comment -->(?:\r?\n|$)/;
const MARKABLE = /^[A-Za-z0-9._:+=/-]{1,128}$/;

/**
 * True when a fingerprint can go into a marker: an HTML comment must not be closable from
 * inside it, so `>`, `!`, spaces and newlines are refused (Rampart's own fingerprints are hex;
 * an importer may carry another tool's id).
 */
export function isMarkableFingerprint(fingerprint: string): boolean {
  return MARKABLE.test(fingerprint);
}

/**
 * The hidden first line of a review comment on a finding, which lets a later run tell which
 * finding the comment is about.
 * @example findingMarker('3f1c…') // '<!-- rampart:finding 3f1c… -->'
 */
export function findingMarker(fingerprint: string): string {
  if (!isMarkableFingerprint(fingerprint))
    throw new RangeError(`fingerprint cannot go into a marker: ${JSON.stringify(fingerprint)}`);
  return `<!-- rampart:finding ${fingerprint} -->`;
}

/**
 * The fingerprint a review comment is about, when its first line is a finding marker; a
 * marker anywhere else in the body (a quote, a snippet) does not count.
 */
export function markedFingerprint(body: string): string | undefined {
  return FINDING_MARKER.exec(body)?.[1];
}

/** True when the comment's first line is {@link STICKY_COMMENT_MARKER}. */
export function isStickyBody(body: string): boolean {
  return STICKY.test(body);
}
