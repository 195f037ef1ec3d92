import { Link } from 'react-router';
import { useModuleForCwes } from './queries.js';

/**
 * Just-in-time training on a finding: a link to the module teaching its first CWE that
 * has one. Nothing while loading, on error or when no module teaches its CWEs.
 */
export function LearnLink({ cwes }: { readonly cwes: readonly string[] | undefined }) {
  const query = useModuleForCwes(cwes ?? []);
  const module = query.data;
  if (!module) return null;
  return (
    <Link className="small" to={`/training/${encodeURIComponent(module.id)}`}>
      Learn: {module.title} ({module.minutes} min)
    </Link>
  );
}
