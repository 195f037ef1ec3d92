export { createActiveContext } from './active-context.js';
export { type AuthConfig, loadAuthConfig, parseAuthConfig } from './auth/auth-config.js';
export { createAuthenticator } from './auth/authenticator.js';
export { parseCookieFlags, parseHeaderFlags } from './auth/header-flags.js';
export { startCallbackListener } from './callback/callback-listener.js';
export { ACTIVE_CHECKS } from './checks/active/index.js';
export { PASSIVE_CHECKS } from './checks/passive/index.js';
export { SITE_CHECKS } from './checks/site/index.js';
export { crawlHtml } from './discovery/html-crawl.js';
export { loadOpenApi } from './discovery/openapi.js';
export { buildRequest, endpointFromUrl, endpointKey } from './endpoint.js';
export { evidenceOf, redactText } from './evidence.js';
export {
  BudgetExhaustedError,
  RefusedRequestError,
  RequestTimeoutError,
  TransportError,
} from './http/errors.js';
export {
  type Authenticator,
  DESTRUCTIVE_METHODS,
  HttpClient,
  type HttpClientOptions,
} from './http/http-client.js';
export {
  checkSafety,
  DAST_DEFAULTS,
  type DastOptions,
  type DastResult,
  type DastStats,
  dastRules,
  runDast,
} from './run-dast.js';
export { createScope, isLocalHost } from './scope.js';
export type * from './types.js';
