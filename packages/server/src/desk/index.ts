// The question desk: team members ask, champions answer, security takes what waits too long.

export {
  canAnswer,
  canAsk,
  canEditQuestion,
  canFollowUp,
  canSetPrivate,
  canSettle,
  questionView,
} from './desk-access.js';
export { deskEscalationJob } from './desk-escalation-job.js';
export { parseSearchQuery, reindexQuestion, textMatches } from './desk-search.js';
export { type DeskSettings, getDeskSettings, setDeskSettings } from './desk-settings.js';
export {
  acceptAnswer,
  addPost,
  askQuestion,
  type DeskPost,
  type DeskReader,
  escalateOverdueQuestions,
  getQuestion,
  listQuestions,
  MAX_QUESTION_TAGS,
  type QuestionDetail,
  type QuestionFilters,
  type QuestionSummary,
  searchKnowledgeBase,
  updateQuestion,
} from './desk-store.js';
export { renderMarkdown } from './markdown.js';
export { DEFAULT_ESCALATE_AFTER_HOURS, questionDeskMigration } from './migration.js';
