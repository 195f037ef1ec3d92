import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState, Loading } from '../ui/states.js';

/** A card's loading or error state until every query has answered, then the children. */
export function Awaiting({
  queries,
  label,
  children,
}: {
  readonly queries: readonly UseQueryResult<unknown>[];
  readonly label: string;
  readonly children: ReactNode;
}) {
  const failed = queries.find((q) => q.isError);
  if (failed) {
    return (
      <div className="card">
        <ErrorState error={failed.error} retry={() => void failed.refetch()} />
      </div>
    );
  }
  if (queries.some((q) => q.isPending)) {
    return (
      <div className="card">
        <Loading label={label} />
      </div>
    );
  }
  return <>{children}</>;
}
