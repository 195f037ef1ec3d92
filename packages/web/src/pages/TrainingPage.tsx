import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { AssignedList } from '../training/AssignedList.js';
import { CatalogFilters, CatalogList } from '../training/CatalogList.js';
import { useCatalog, useMyTraining } from '../training/queries.js';
import { RecommendedList } from '../training/RecommendedList.js';
import { RulesEditor } from '../training/RulesEditor.js';
import type { CatalogFilter } from '../training/types.js';
import { QueryView } from '../ui/states.js';

const FILTER_KEYS = ['cwe', 'language', 'level', 'q'] as const;

/**
 * `/training`: the modules assigned to the signed-in user (open, overdue marked), their
 * recommended modules (what their teams' findings call for, and why), then the whole
 * catalog, filtered in the URL (`?cwe=&language=&level=&q=`); for security and admin, the
 * assignment rules editor.
 */
function TrainingPage() {
  useTitle('Training');
  const [params, setParams] = useSearchParams();
  const filter: CatalogFilter = Object.fromEntries(
    FILTER_KEYS.map((k) => [k, params.get(k)?.trim() || undefined]),
  );
  const me = useMe();
  const mine = useMyTraining();
  const catalog = useCatalog(filter);
  const filtered = FILTER_KEYS.some((k) => filter[k] !== undefined);
  function apply(next: CatalogFilter) {
    const out = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = next[k];
      if (v) out.set(k, v);
    }
    setParams(out);
  }
  return (
    <>
      <div className="page-head">
        <h1>Training</h1>
      </div>
      <p className="muted">
        Short modules about the weaknesses the scanners find, each with a quiz. Pass a quiz (80 % or
        more) to complete its module.
      </p>
      {mine.data?.assignments ? <AssignedList assignments={mine.data.assignments} /> : null}
      <section aria-labelledby="training-recommended" className="stack">
        <h2 id="training-recommended">Recommended for you</h2>
        <p className="muted small">
          Ranked by your teams&apos; findings first seen in the last 90 days (false positives left
          out), weighed by severity: critical 10, high 5, medium 2, low 1.
        </p>
        <QueryView query={mine} label="Loading your recommendations…">
          {(training) => <RecommendedList training={training} />}
        </QueryView>
      </section>
      <section aria-labelledby="training-catalog" className="stack section-gap">
        <h2 id="training-catalog">All modules</h2>
        <CatalogFilters key={params.toString()} filter={filter} onChange={apply} />
        {filtered ? (
          <p className="muted small" role="status">
            Filtered:{' '}
            {FILTER_KEYS.filter((k) => filter[k] !== undefined)
              .map((k) => `${k === 'q' ? 'text' : k} “${filter[k]}”`)
              .join(', ')}
            .
          </p>
        ) : null}
        <QueryView query={catalog} label="Loading the catalog…">
          {(answer) => <CatalogList catalog={answer} />}
        </QueryView>
      </section>
      {isSecurityOrAdmin(me) ? <RulesEditor /> : null}
    </>
  );
}

export default TrainingPage;
