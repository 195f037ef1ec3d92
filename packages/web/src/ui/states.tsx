import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

/** A polite, announced loading state. */
export function Loading({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An error the user can read (the hub's message, never a stack) and retry. */
export function ErrorState({
  error,
  retry,
}: {
  readonly error: unknown;
  readonly retry?: (() => void) | undefined;
}) {
  const message =
    error instanceof ApiError
      ? error.status === 404
        ? 'Not found, or you do not have access to it.'
        : error.message
      : 'Something went wrong.';
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this.</strong> <span>{message}</span>
      {retry && !(error instanceof ApiError && error.status >= 400 && error.status < 500) ? (
        <button type="button" className="button-secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** What an empty list or chart says instead of nothing. */
export function Empty({ children }: { readonly children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** Renders a query's loading and error states, then `children(data)`. */
export function QueryView<T>({
  query,
  children,
  label,
}: {
  readonly query: UseQueryResult<T>;
  readonly children: (data: T) => ReactNode;
  readonly label?: string;
}) {
  if (query.isPending) return <Loading {...(label === undefined ? {} : { label })} />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
