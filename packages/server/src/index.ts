export { ApiError, buildHub, type HubOptions } from './app.js';
export { type AuthenticationOptions, registerAuthentication } from './auth/authenticate.js';
export { createAdmin, ensureAdmin, type NewAdmin } from './auth/bootstrap.js';
export * from './consults/index.js';
export * from './ctf/index.js';
export {
  DEFAULT_DATABASE,
  type Dialect,
  describeDatabaseUrl,
  type HubDatabase,
  openDatabase,
} from './db/database.js';
export { type MigrationOutcome, migrate, migrations } from './db/migrations.js';
export type { Database } from './db/schema.js';
export * from './desk/index.js';
export * from './feedback/index.js';
export * from './gamification/index.js';
export { type CreateHubOptions, createHub } from './hub.js';
export { type IngestOptions, type IngestResult, ingestScan } from './ingest/ingest-scan.js';
export {
  createJobRunner,
  defaultJobs,
  type JobRunnerOptions,
} from './jobs/create-job-runner.js';
export type { Clock, JobDefinition, JobOutcome, Notifier } from './jobs/job-definition.js';
export type { JobStatus } from './jobs/job-executor.js';
export type { JobRunner } from './jobs/job-runner.js';
export {
  createTriageRule,
  expireAcceptedRisks,
  revokeTriageRule,
} from './lifecycle/triage-rules.js';
export * from './metrics/index.js';
export { jobMetricsListener } from './observability/hub-metrics.js';
export { type ChampionRoutesOptions, registerChampionRoutes } from './routes/champion-routes.js';
export { type ConsultRoutesOptions, registerConsultRoutes } from './routes/consult-routes.js';
export { type CtfRoutesOptions, registerCtfRoutes } from './routes/ctf-routes.js';
export { type DeskRoutesOptions, registerDeskRoutes } from './routes/desk-routes.js';
export { registerFindingRoutes } from './routes/finding-routes.js';
export {
  type GamificationRoutesOptions,
  registerGamificationRoutes,
} from './routes/gamification-routes.js';
export { registerMetricsRoutes } from './routes/metrics-routes.js';
export {
  type PavedRoadRoutesOptions,
  registerPavedRoadRoutes,
} from './routes/paved-road-routes.js';
export {
  type PavedRoadScoreRoutesOptions,
  registerPavedRoadScoreRoutes,
} from './routes/paved-road-score-routes.js';
export {
  type RuleFeedbackRoutesOptions,
  registerRuleFeedbackRoutes,
} from './routes/rule-feedback-routes.js';
export { registerScanRoutes, type ScanRoutesOptions } from './routes/scan-routes.js';
export {
  registerThreatModelRoutes,
  type ThreatModelRoutesOptions,
} from './routes/threat-model-routes.js';
export {
  registerTrainingRoutes,
  type TrainingRoutesOptions,
} from './routes/training-routes.js';
export { registerTriageRuleRoutes } from './routes/triage-rule-routes.js';
export { decideThreat, saveThreatModel } from './threat-models/threat-model-store.js';
export * from './training/index.js';
export {
  createWebhookSender,
  type DeliveryOutcome,
  type WebhookSender,
  type WebhookSenderOptions,
} from './webhooks/sender.js';
export { signWebhook, verifyWebhook } from './webhooks/signature.js';
export { registerWebhookRoutes, type WebhookRoutesOptions } from './webhooks/webhook-routes.js';
