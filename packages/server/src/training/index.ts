// The hub's training: quiz attempts and completions (migration 0019-training) and the
// recommendations drawn from a team's findings. The catalog itself is @rampart/training.

export { Catalog, loadCatalog as loadTrainingCatalog } from '@rampart/training';
export { ATTEMPT_WINDOW_MS, MAX_ATTEMPTS_PER_WINDOW, PASS_MARK } from './quiz.js';
export { RECOMMENDATION_WINDOW_MS, SEVERITY_WEIGHTS } from './recommendations.js';
