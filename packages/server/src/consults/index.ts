// Consult requests: design reviews and threat-modelling sessions, the security team's queue and its SLA.

export {
  CLOSED_STATUSES,
  CONSULT_KINDS,
  CONSULT_STATUSES,
  CONSULT_TRANSITIONS,
  type ConsultSla,
  type ConsultSlaSettings,
  type ConsultSlaState,
  type ConsultSlaTargets,
  canTransition,
  consultDeadlines,
  consultSla,
  DEFAULT_CONSULT_SLA,
  isClosed,
} from './consult-sla.js';
export {
  type ConsultDetail,
  type ConsultEventView,
  type ConsultPatch,
  type ConsultSummary,
  commentOnConsult,
  consultDetail,
  createConsult,
  listConsults,
  loadConsultSettings,
  saveConsultSettings,
  updateConsult,
} from './consult-store.js';
export { consultsMigration } from './migration.js';
export type { ConsultKind, ConsultStatus } from './tables.js';
