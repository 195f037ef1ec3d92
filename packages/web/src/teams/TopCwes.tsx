import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { withQuery } from '../api/client.js';
import type { TopCwesReport } from '../api/org-types.js';
import { Definition } from '../ui/Definition.js';
import { formatCount } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { DEFINITIONS } from './definitions.js';

/** The weaknesses most often behind the team's new findings, each a link to those findings. */
export function TopCwes({
  teamId,
  query,
}: {
  readonly teamId: string;
  readonly query: UseQueryResult<TopCwesReport>;
}) {
  return (
    <section className="card" aria-labelledby="top-cwes">
      <h2 id="top-cwes" className="metric-title">
        Top weaknesses
        <Definition term="top weaknesses">{DEFINITIONS.topCwes}</Definition>
      </h2>
      <QueryView query={query} label="Loading weaknesses…">
        {(report) => {
          if (report.cwes.length === 0) {
            return (
              <Empty>
                {report.findings === 0
                  ? 'No new findings in this period.'
                  : 'None of the new findings in this period names a CWE.'}
              </Empty>
            );
          }
          const max = Math.max(...report.cwes.map((c) => c.findings));
          return (
            <>
              <table className="cwe-table">
                <thead>
                  <tr>
                    <th scope="col">Weakness</th>
                    <th scope="col" className="num">
                      Findings
                    </th>
                    <th scope="col" className="num">
                      Still open
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.cwes.map((c) => (
                    <tr key={c.cwe}>
                      <th scope="row" className="wrap">
                        <Link
                          to={withQuery('/findings', { team: teamId, cwe: c.cwe, status: 'any' })}
                        >
                          {c.cwe}
                        </Link>
                        {c.name ? <div className="muted">{c.name}</div> : null}
                        <span className="cwe-bar" aria-hidden="true">
                          {/* A style set through the DOM (as React does), which the CSP allows. */}
                          <span
                            className="cwe-bar-fill"
                            style={{ width: `${Math.max(2, (c.findings / max) * 100)}%` }}
                          />
                        </span>
                      </th>
                      <td className="num">{formatCount(c.findings)}</td>
                      <td className="num">{formatCount(c.open)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted">
                {formatCount(report.withCwe)} of {formatCount(report.findings)} new findings name a
                CWE; {formatCount(report.cweCount)} distinct CWEs.
              </p>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
