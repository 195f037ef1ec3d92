import { SafeLink, safeHttpUrl } from '../ui/SafeLink.js';
import { CopyCommand, initCommand } from './Templates.js';
import type { CheckStatus, Fix } from './types.js';

/**
 * A hub text (a check's summary or fix, a remediation) with its `code` spans as <code>: the
 * texts mark names and commands with backticks. Everything stays text; nothing is parsed as
 * markup.
 */
export function Prose({ text }: { readonly text: string }) {
  const parts = text.split('`');
  // An odd number of backticks leaves the last one unpaired: show the text as it is.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={`${i.toString()}`}>{part}</code>
        ) : part === '' ? null : (
          <span key={`${i.toString()}`}>{part}</span>
        ),
      )}
    </>
  );
}

/** The tone of a score: on the road (≥ 80), close (≥ 50), off it. */
export function scoreTone(score: number | null): string {
  if (score === null) return 'paved-score-none';
  return score >= 80 ? 'paved-score-good' : score >= 50 ? 'paved-score-warn' : 'paved-score-bad';
}

/** A score out of 100, or "not measured". */
export function ScoreValue({ score }: { readonly score: number | null }) {
  return (
    <span className={`paved-score ${scoreTone(score)}`}>
      {score === null ? 'not measured' : `${score}/100`}
    </span>
  );
}

const STATUS: Record<CheckStatus, { mark: string; label: string }> = {
  pass: { mark: '✔', label: 'pass' },
  fail: { mark: '✖', label: 'fail' },
  'not-applicable': { mark: '–', label: 'not applicable' },
};

/** A check's status: a mark and a word, so it reads without colour. */
export function CheckStatusBadge({ status }: { readonly status: CheckStatus }) {
  const s = STATUS[status] ?? { mark: '?', label: status };
  return (
    <span className={`badge paved-status paved-status-${status}`}>
      <span aria-hidden="true">{s.mark}</span> {s.label}
    </span>
  );
}

/** A docs reference: an http(s) link, a path on the hub, or the file name as text. */
export function DocsLink({ docs }: { readonly docs: string }) {
  if (docs === '') return null;
  if (safeHttpUrl(docs) !== undefined) return <SafeLink href={docs}>How to fix it</SafeLink>;
  if (docs.startsWith('/') && !docs.startsWith('//')) return <a href={docs}>How to fix it</a>;
  return (
    <span>
      Documentation: <code>{docs}</code>
    </span>
  );
}

/** What fixes a failing check: the text, the templates that provide it (with init), the docs. */
export function FixView({
  fix,
  remedies = [],
}: {
  readonly fix: Fix | null;
  readonly remedies?: readonly { readonly text: string; readonly projects: number }[];
}) {
  if (fix === null && remedies.length === 0) return null;
  return (
    <div className="paved-fix stack">
      {fix?.text ? (
        <p className="paved-fix-text">
          <Prose text={fix.text} />
        </p>
      ) : null}
      {remedies.length > 0 ? (
        <ul className="paved-remedies" aria-label="Remedies">
          {remedies.map((r) => (
            <li key={r.text}>
              <Prose text={r.text} />{' '}
              <span className="muted">
                ({r.projects} project{r.projects === 1 ? '' : 's'})
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {fix && fix.templates.length > 0 ? (
        <div className="stack">
          <span>
            {fix.templates.length === 1 ? 'The template that fixes it:' : 'Templates that fix it:'}
          </span>
          {fix.templates.map((t) => (
            <CopyCommand key={t} command={initCommand(t)} label={`Command to add template ${t}`} />
          ))}
        </div>
      ) : null}
      {fix?.docs ? <DocsLink docs={fix.docs} /> : null}
    </div>
  );
}

/** A small inline SVG line of scores over days (0–100), with the numbers in a table too. */
export function Sparkline({
  points,
  label,
}: {
  readonly points: readonly { readonly day: string; readonly score: number | null }[];
  readonly label: string;
}) {
  const measured = points.filter((p): p is { day: string; score: number } => p.score !== null);
  if (measured.length === 0) return null;
  const width = 240;
  const height = 48;
  const pad = 4;
  const x = (i: number) =>
    measured.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (measured.length - 1);
  const y = (score: number) => pad + ((100 - score) * (height - 2 * pad)) / 100;
  const path = measured
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`)
    .join(' ');
  const first = measured[0] as { day: string; score: number };
  const last = measured[measured.length - 1] as { day: string; score: number };
  return (
    <figure className="paved-trend">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: from ${first.score} on ${first.day} to ${last.score} on ${last.day}`}
      >
        <line x1={pad} x2={width - pad} y1={y(80)} y2={y(80)} className="paved-trend-threshold" />
        <path d={path} className="paved-trend-line" />
        {measured.map((p, i) => (
          <circle key={p.day} cx={x(i)} cy={y(p.score)} r={2.5} className="paved-trend-dot" />
        ))}
      </svg>
      <details>
        <summary>Scores by day</summary>
        <table aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {measured.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td>{p.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
