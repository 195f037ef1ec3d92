import { FormError } from '../account/forms.js';
import { ApiError } from '../api/client.js';
import { lineOfMessage } from './policy.js';

/**
 * The error of a catalog change: a stale revision (someone else saved meanwhile) offers to
 * reload; an invalid policy names its line (and `onLine` lets the editor jump there); anything
 * else is the hub's message.
 */
export function ChangeError({
  error,
  onReload,
  onLine,
}: {
  readonly error: unknown;
  readonly onReload: () => void;
  readonly onLine?: ((line: number, column: number) => void) | undefined;
}) {
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.code === 'STALE_REVISION') {
    return (
      <div role="alert" className="state state-error form-message paved-stale">
        <p>
          Someone else saved the catalog after you opened it, so your change was not saved (
          {error.message}).
        </p>
        <button type="button" className="button-secondary" onClick={onReload}>
          Reload the current catalog
        </button>
      </div>
    );
  }
  if (error instanceof ApiError && error.code === 'INVALID_POLICY') {
    const at = lineOfMessage(error.message);
    return (
      <div role="alert" className="state state-error form-message paved-invalid">
        <p>
          The policy is not valid: <code>{error.message}</code>
        </p>
        {at && onLine ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => onLine(at.line, at.column)}
          >
            Go to line {at.line}
          </button>
        ) : null}
      </div>
    );
  }
  return <FormError error={error} />;
}
