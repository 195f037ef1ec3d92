import { STATUS_LABELS } from './format.js';

export function SeverityBadge({ severity }: { readonly severity: string }) {
  return <span className={`badge severity-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { readonly status: string }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}
