// "Spot the bug" challenges generated from the organisation's fixed findings, anonymised
// and reviewed before publishing (docs/hub-ctf.md, "Challenges from our own history").

export {
  type Anonymised,
  anonymise,
  describeReplacements,
  type KnownNames,
  REPLACEMENT_KINDS,
  type ReplacementCounts,
  type ReplacementKind,
} from './anonymise.js';
export {
  categoryOf,
  challengeDescription,
  FLAG_FORMAT_TEXT,
  HISTORY_QUESTION,
  historyFlag,
} from './challenge-text.js';
export {
  type Candidate,
  changeDraft,
  type DraftChange,
  type DraftView,
  draftViews,
  generateDraft,
  listCandidates,
  publishDraft,
} from './draft-store.js';
export { ctfHistoryMigration } from './migration.js';
export type { HistoryDraftStatus } from './tables.js';
