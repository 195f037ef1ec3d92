import { Link } from 'react-router';
import { FormError } from '../account/forms.js';
import { canManageTeam } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';
import { useProjectScorecard, useSetExposure } from './queries.js';
import { CheckStatusBadge, FixView, Prose, ScoreValue, Sparkline } from './Score.js';
import { EXPOSURES, type Exposure, type ProjectScorecard as Scorecard } from './types.js';

const EXPOSURE_LABELS: Record<Exposure, string> = {
  internet: 'Internet-facing',
  internal: 'Internal only',
  unknown: 'Unknown',
};

function ExposureControl({
  projectId,
  teamId,
  exposure,
}: {
  readonly projectId: string;
  readonly teamId: string | undefined;
  readonly exposure: Exposure;
}) {
  const me = useMe();
  const set = useSetExposure(projectId);
  const may = teamId !== undefined && canManageTeam(me, teamId);
  if (!may) {
    return (
      <p>
        Exposure: <strong>{EXPOSURE_LABELS[exposure] ?? exposure}</strong>
      </p>
    );
  }
  return (
    <div className="form-row paved-exposure">
      <label>
        Exposure
        <select
          value={set.isPending ? (set.variables ?? exposure) : exposure}
          disabled={set.isPending}
          onChange={(e) => set.mutate(e.target.value as Exposure)}
        >
          {EXPOSURES.map((x) => (
            <option key={x} value={x}>
              {EXPOSURE_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      <p className="form-hint">An internet-facing service needs a threat model.</p>
      <FormError error={set.error} />
    </div>
  );
}

function ScorecardView({
  card,
  teamId,
}: {
  readonly card: Scorecard;
  readonly teamId: string | undefined;
}) {
  const failing = card.checks.filter((c) => c.status === 'fail');
  const others = card.checks.filter((c) => c.status !== 'fail');
  return (
    <div className="stack">
      <div className="paved-card-head">
        <div>
          <div className="paved-big-score">
            <span className="visually-hidden">Paved-road score: </span>
            <ScoreValue score={card.score} />
          </div>
          <p className="muted small">
            {card.score === null
              ? 'No full scan has reported its posture yet.'
              : `${card.passed} passed · ${card.failed} failed · ${card.notApplicable} not applicable · measured ${formatDateTime(card.measuredAt)}`}
          </p>
        </div>
        <Sparkline points={card.trend} label="Paved-road score trend" />
        <ExposureControl projectId={card.projectId} teamId={teamId} exposure={card.exposure} />
      </div>
      {card.checks.length > 0 ? (
        <div className="table-wrap">
          <table aria-label="Paved-road checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
                <th scope="col">Fix</th>
              </tr>
            </thead>
            <tbody>
              {[...failing, ...others].map((c) => (
                <tr key={c.id} data-check={c.id} className={`paved-check-${c.status}`}>
                  <th scope="row">
                    {c.title}
                    <br />
                    <code className="small">{c.id}</code>
                  </th>
                  <td>
                    <CheckStatusBadge status={c.status} />
                  </td>
                  <td className="wrap">
                    <Prose text={c.summary} />
                  </td>
                  <td className="wrap">
                    {c.status === 'fail' ? (
                      <FixView fix={c.fix} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="small">
        <Link to="/paved-road">The paved road</Link> ·{' '}
        <Link to="/paved-road/gaps">The organisation&apos;s biggest gaps</Link>
      </p>
    </div>
  );
}

/** A project's paved-road scorecard: score, checks with fixes, trend, exposure. */
export function ProjectScorecard({
  projectId,
  teamId,
}: {
  readonly projectId: string;
  readonly teamId?: string;
}) {
  const card = useProjectScorecard(projectId);
  return (
    <section className="card project-section paved-scorecard" aria-labelledby="project-paved-road">
      <h2 id="project-paved-road">Paved road</h2>
      <QueryView query={card} label="Loading the scorecard…">
        {(c) => <ScorecardView card={c} teamId={teamId} />}
      </QueryView>
    </section>
  );
}
