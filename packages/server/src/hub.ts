import type { FastifyInstance } from 'fastify';
import { buildHub } from './app.js';
import { registerAuthentication } from './auth/authenticate.js';
import type { CookiePolicy } from './auth/cookies.js';
import type { HubDatabase } from './db/database.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerChampionRoutes } from './routes/champion-routes.js';
import { registerConsultRoutes } from './routes/consult-routes.js';
import { registerCtfHistoryRoutes } from './routes/ctf-history-routes.js';
import { registerCtfRoutes } from './routes/ctf-routes.js';
import { registerDeskRoutes } from './routes/desk-routes.js';
import { registerFindingRoutes } from './routes/finding-routes.js';
import { registerGamificationRoutes } from './routes/gamification-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerOrgFindingRoutes } from './routes/org-finding-routes.js';
import { registerOrgRoutes } from './routes/org-routes.js';
import { registerPavedRoadRoutes } from './routes/paved-road-routes.js';
import { registerPavedRoadScoreRoutes } from './routes/paved-road-score-routes.js';
import { registerProjectScanRoutes } from './routes/project-scan-routes.js';
import { registerRuleFeedbackRoutes } from './routes/rule-feedback-routes.js';
import { registerScanRoutes } from './routes/scan-routes.js';
import { registerThreatModelRoutes } from './routes/threat-model-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';
import { registerTrainingRoutes } from './routes/training-routes.js';
import { registerTriageRuleRoutes } from './routes/triage-rule-routes.js';
import { registerSbomRoutes } from './sbom/sbom-routes.js';
import type { Catalog } from './training/index.js';
import { type DashboardOptions, registerDashboard } from './web/dashboard.js';
import { registerSecurityHeaders } from './web/security-headers.js';
import { registerWebhookRoutes } from './webhooks/webhook-routes.js';

/** Everything `rampart serve` configures. */
export interface CreateHubOptions extends CookiePolicy {
  readonly database: HubDatabase;
  /** pino options, or false for no request log. */
  readonly logger?: boolean | Record<string, unknown>;
  readonly bodyLimit?: number;
  /** The largest scan upload, in bytes, on the wire and after gunzip (default 64 MiB). */
  readonly maxReportBytes?: number;
  /**
   * The bearer token Prometheus scrapes `/metrics` with (at least 32 characters). Default:
   * the environment variable RAMPART_METRICS_TOKEN; unset or empty, only admin, security and
   * auditor users read the metrics.
   */
  readonly metricsToken?: string;
  /**
   * Serve the dashboard's build at `/` (see `registerDashboard`); unset: the API only.
   * Every response carries the security headers (CSP, nosniff, …) either way.
   */
  readonly dashboard?: DashboardOptions;
  /** The training catalog (`rampart serve --training-dir`); default: the built-in modules, loaded on first use. */
  readonly training?: Catalog;
}

/**
 * The whole hub: the application, the security headers, the authentication hook (before
 * any route, so every route sees `request.principal`), the API's route modules, then the
 * dashboard when `dashboard` is given.
 */
export function createHub(options: CreateHubOptions): FastifyInstance {
  const { database } = options;
  const cookies: CookiePolicy = {
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  };
  const app = buildHub({
    database,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    metricsToken: options.metricsToken ?? process.env.RAMPART_METRICS_TOKEN,
  });
  registerSecurityHeaders(app, cookies);
  registerAuthentication(app, { database, ...cookies });
  registerAuthRoutes(app, { database, ...cookies });
  registerTokenRoutes(app, { database });
  registerOrgRoutes(app, { database });
  registerScanRoutes(app, {
    database,
    ...(options.maxReportBytes === undefined ? {} : { maxReportBytes: options.maxReportBytes }),
  });
  registerFindingRoutes(app, { database });
  registerOrgFindingRoutes(app, { database });
  registerProjectScanRoutes(app, { database });
  registerTriageRuleRoutes(app, { database });
  registerMetricsRoutes(app, { database });
  registerWebhookRoutes(app, { database });
  registerSbomRoutes(app, {
    database,
    ...(options.maxReportBytes === undefined ? {} : { maxSbomBytes: options.maxReportBytes }),
  });
  registerThreatModelRoutes(app, { database });
  registerChampionRoutes(app, { database });
  registerDeskRoutes(app, { database });
  registerConsultRoutes(app, { database });
  registerRuleFeedbackRoutes(app, { database });
  registerTrainingRoutes(app, { database, training: options.training });
  registerCtfRoutes(app, { database });
  registerCtfHistoryRoutes(app, { database });
  registerGamificationRoutes(app, { database });
  registerPavedRoadScoreRoutes(app, { database });
  registerPavedRoadRoutes(app, { database });
  if (options.dashboard !== undefined) registerDashboard(app, options.dashboard);
  return app;
}
