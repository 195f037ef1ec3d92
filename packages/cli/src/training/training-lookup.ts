import type { TrainingLookup } from '../reporters/reporter.js';

/**
 * The training module of a finding's CWEs, from Rampart's built-in catalog
 * (`@rampart/training`), loaded once per process (about 30 small files). Undefined when the
 * catalog cannot be read: a report without training links is better than no report, so the
 * reason only goes to the debug log.
 */
export async function loadTrainingLookup(
  debug: (message: string) => void = () => {},
): Promise<TrainingLookup | undefined> {
  try {
    const { loadCatalog } = await import('@rampart/training');
    const catalog = await loadCatalog();
    return (cwes) => {
      const module = catalog.moduleForCwes(cwes);
      return module && { id: module.id, title: module.title, minutes: module.minutes };
    };
  } catch (error) {
    debug(`training catalog not loaded: ${(error as Error).message}`);
    return undefined;
  }
}

/** The report formats people read, which link training (machines' formats do not). */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set(['text', 'markdown', 'html']);
