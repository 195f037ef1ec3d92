import { Link } from 'react-router';
import { formatDate } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import { Causes, CompletionBadge, ModuleMeta } from './labels.js';
import type { MyTraining } from './types.js';

/** The signed-in user's recommended modules, ranked, each with the findings that call for it. */
export function RecommendedList({ training }: { readonly training: MyTraining }) {
  if (training.recommendations.length === 0) {
    return (
      <Empty>
        No recommendations: your teams&apos; findings of the last 90 days call for no module. The
        whole catalog is below.
      </Empty>
    );
  }
  return (
    <ol className="training-list" aria-label="Recommended modules">
      {training.recommendations.map((r) => (
        <li key={r.module.id} className="card stack training-item">
          <div className="training-item-head">
            <h3>
              <Link to={`/training/${encodeURIComponent(r.module.id)}`}>{r.module.title}</Link>
            </h3>
            <CompletionBadge status={r} />
          </div>
          <p>{r.module.summary}</p>
          <ModuleMeta module={r.module} />
          <div className="training-why">
            {r.teams.map((t) => (
              <div key={t.teamId}>
                <p className="small">
                  Recommended for <strong>{t.teamName}</strong> because of its findings of the last
                  90 days (score {t.score}):
                </p>
                <Causes causes={t.causes} />
              </div>
            ))}
          </div>
          {r.completed ? (
            <p className="muted small">Completed on {formatDate(r.completedAt)}.</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
