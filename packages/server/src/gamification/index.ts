// Gamification: points and badges computed from the recorded history, seasons, leaderboards
// and the personal opt-out.

export {
  type PeopleLeaderboard,
  type PersonEntry,
  peopleLeaderboard,
  type TeamEntry,
  teamLeaderboard,
} from './leaderboards.js';
export { gamificationMigration } from './migration.js';
export { type BadgeStatus, type MyGamification, myGamification } from './my-gamification.js';
export {
  ALL_TIME,
  activityTimes,
  type PersonPoints,
  type PointsScope,
  type PointsWindow,
  pointsFor,
  teamFixPoints,
} from './points.js';
export { competitionRanks } from './ranking.js';
export {
  BADGES,
  type BadgeDefinition,
  type BadgeMetric,
  POINTS as GAMIFICATION_POINTS,
} from './rules.js';
export {
  createSeason,
  deleteSeason,
  FALLBACK_WINDOW_DAYS,
  listSeasons,
  type ResolvedWindow,
  resolveWindow,
  type Season,
  type SeasonChoice,
  updateSeason,
} from './seasons.js';
export { isOptedOut, setOptOut } from './settings.js';
