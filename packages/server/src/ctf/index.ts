// Capture-the-flag events: challenges, flags stored as hashes, scoring, hints, the scoreboard.

export {
  type ChallengeView,
  challengeViews,
  loadBoard,
  type ScoreboardEntry,
  scoreboard,
  viewerOf,
} from './board.js';
export { exportChallenges, type ImportOutcome, importChallenges } from './challenge-yaml.js';
export {
  type CtfEventRow,
  type CtfEventStatus,
  canManageCtf,
  canReadEvent,
  eventStatus,
  participantKeyOf,
} from './ctf-access.js';
export {
  createEvent,
  deleteEvent,
  type EventInput,
  findEvent,
  listEvents,
  updateEvent,
} from './event-store.js';
export { flagMatches, MAX_FLAG_LENGTH, type StoredFlag, storeFlag } from './flags.js';
export * as ctfHistory from './history/index.js';
export { ctfMigration } from './migration.js';
export { LOCKOUT, RATE_LIMIT, type SubmissionResult, submitFlag, unlockHint } from './play.js';
export {
  type ChallengeScoring,
  challengeValue,
  computeScores,
  firstBloodBonus,
} from './scoring.js';
export type { CtfFlagKind, CtfMode, CtfScoring, CtfVisibility } from './tables.js';
