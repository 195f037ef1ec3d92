// Rampart's training catalog: modules as markdown with front matter, the built-in content,
// and the organisation's own modules.

export { Catalog, type LoadCatalogOptions, loadCatalog } from './catalog.js';
export {
  builtInContentDir,
  loadModules,
  MAX_MODULE_BYTES,
  type ModuleSource,
  parseModule,
  type TrainingModule,
} from './load-module.js';
export {
  CweIdSchema,
  LANGUAGES,
  type Language,
  LEVELS,
  type Level,
  type ModuleFrontMatter,
  ModuleFrontMatterSchema,
  ModuleIdSchema,
  type QuizQuestion,
  QuizQuestionSchema,
} from './module-schema.js';
