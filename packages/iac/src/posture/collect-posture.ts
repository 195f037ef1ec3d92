import type { Logger, PavedRoadOutcome, Posture, ScanTarget } from '@rampart/core';
import { pavedRoadEvaluationOf, pavedRoadOutcome } from './paved-road-outcome.js';
import { type CollectFactsOptions, collectRepositoryFacts } from './repository-facts.js';

/**
 * The paved-road outcome of a full scan of `target`, once its scanners have run: the
 * evaluation the iac scanner made (the policy is not judged a second time). Undefined when
 * it made none, or when the policy could not be loaded (the scanner has reported why).
 */
export async function pavedRoadOutcomeOf(
  target: ScanTarget,
  logger?: Logger,
): Promise<PavedRoadOutcome | undefined> {
  const pending = pavedRoadEvaluationOf(target);
  if (pending === undefined) return undefined;
  try {
    return pavedRoadOutcome(await pending);
  } catch (err) {
    logger?.debug(`posture: no paved-road outcome (${(err as Error).message})`);
    return undefined;
  }
}

/**
 * The report's `posture` for a full scan of `target`, once its scanners have run: the
 * repository facts and, when the iac scanner evaluated a policy, the paved-road outcome.
 */
export async function collectPosture(
  target: ScanTarget,
  options: CollectFactsOptions = {},
): Promise<Posture> {
  const facts = await collectRepositoryFacts(target, options);
  const pavedRoad = await pavedRoadOutcomeOf(target, options.logger);
  return pavedRoad ? { facts, pavedRoad } : { facts };
}
