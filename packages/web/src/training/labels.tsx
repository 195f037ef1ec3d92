import type { ModuleStatus, ModuleSummary, RecommendationCause, Severity } from './types.js';
import { SEVERITIES } from './types.js';

export const LEVEL_LABELS: Record<string, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export const LANGUAGE_LABELS: Record<string, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  java: 'Java',
  go: 'Go',
  csharp: 'C#',
  ruby: 'Ruby',
  php: 'PHP',
  dockerfile: 'Dockerfile',
  terraform: 'Terraform',
  kubernetes: 'Kubernetes',
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI',
  any: 'Any language',
};

export const languageLabel = (l: string) => LANGUAGE_LABELS[l] ?? l;

/** `2 findings: 1 critical, 1 high` for a cause's counts (severities with none left out). */
export function describeFindings(findings: Readonly<Record<Severity, number>>): string {
  const parts = SEVERITIES.filter((s) => (findings[s] ?? 0) > 0).map((s) => `${findings[s]} ${s}`);
  const total = SEVERITIES.reduce((sum, s) => sum + (findings[s] ?? 0), 0);
  return `${total} ${total === 1 ? 'finding' : 'findings'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** The causes of a recommendation as a list: `CWE-89: 2 findings: 1 critical, 1 high`. */
export function Causes({ causes }: { readonly causes: readonly RecommendationCause[] }) {
  return (
    <ul className="training-causes">
      {causes.map((c) => (
        <li key={c.cwe}>
          <span className="mono">{c.cwe}</span>: {describeFindings(c.findings)}
        </li>
      ))}
    </ul>
  );
}

/** Level, minutes, CWEs (and languages when asked) of a module. */
export function ModuleMeta({
  module,
  languages = false,
}: {
  readonly module: ModuleSummary;
  readonly languages?: boolean;
}) {
  return (
    <dl className="training-meta">
      <div>
        <dt>Level</dt>
        <dd>{LEVEL_LABELS[module.level] ?? module.level}</dd>
      </div>
      <div>
        <dt>Time</dt>
        <dd>{module.minutes} min</dd>
      </div>
      <div>
        <dt>CWE</dt>
        <dd className="mono">{module.cwe.join(', ') || '—'}</dd>
      </div>
      {languages ? (
        <div>
          <dt>Languages</dt>
          <dd>{module.languages.map(languageLabel).join(', ')}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** "Completed" and the best score, or the best score of attempts that did not pass yet. */
export function CompletionBadge({ status }: { readonly status: ModuleStatus }) {
  if (status.completed) {
    return (
      <span className="badge training-done">
        Completed{status.bestScore === null ? '' : ` · best ${status.bestScore} %`}
      </span>
    );
  }
  if (status.bestScore !== null) {
    return <span className="badge training-tried">Best {status.bestScore} %, not passed yet</span>;
  }
  return null;
}
