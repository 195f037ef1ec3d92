// Security champions in the hub: their expertise per team, and the champions directory.

export {
  ACTIVITY_WINDOW_MS,
  type ChampionActivity,
  type ChampionEntry,
  ExpertiseTagSchema,
  type ListChampionsOptions,
  listChampions,
  MAX_EXPERTISE_TAGS,
  type SetExpertiseOptions,
  setChampionExpertise,
  TRIAGE_EVENT_TYPES,
} from './champion-store.js';
export { championExpertiseMigration } from './migration.js';
