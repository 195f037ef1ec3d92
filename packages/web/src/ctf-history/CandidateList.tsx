import { FormError } from '../account/forms.js';
import { formatDate } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import { useGenerateDraft } from './queries.js';
import type { HistoryCandidate } from './types.js';

/**
 * Fixed findings with a snippet and a CWE that have no draft yet. "Generate challenge" makes
 * a draft (the snippet anonymised by the hub) and opens it.
 */
export function CandidateList({
  candidates,
  manage,
  onGenerated,
}: {
  readonly candidates: readonly HistoryCandidate[];
  readonly manage: boolean;
  readonly onGenerated: (draftId: string) => void;
}) {
  const generate = useGenerateDraft();
  if (candidates.length === 0)
    return <Empty>No fixed findings with a code snippet and a CWE are waiting.</Empty>;
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">CWE</th>
              <th scope="col">Project</th>
              <th scope="col">Fixed</th>
              <th scope="col">Lines</th>
              {manage ? (
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.findingId}>
                <td>
                  <code>{c.ruleId}</code>
                  <div className="muted">{c.title}</div>
                </td>
                <td>{c.cwe.join(', ')}</td>
                <td>{c.projectName}</td>
                <td>{formatDate(c.fixedAt)}</td>
                <td>{c.lines}</td>
                {manage ? (
                  <td>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={generate.isPending}
                      aria-label={`Generate challenge from ${c.ruleId} in ${c.projectName}`}
                      onClick={() =>
                        generate.mutate(c.findingId, {
                          onSuccess: (draft) => onGenerated(draft.id),
                        })
                      }
                    >
                      Generate challenge
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError error={generate.error} />
    </>
  );
}
