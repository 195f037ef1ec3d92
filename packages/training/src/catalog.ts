import { builtInContentDir, loadModules, type TrainingModule } from './load-module.js';
import { LEVELS } from './module-schema.js';

/**
 * The training catalog: Rampart's built-in modules and the organisation's own. An
 * organisation's module with the id of a built-in one replaces it (a team may rewrite a
 * module for its own stack); every other id is added.
 */
export class Catalog {
  readonly modules: readonly TrainingModule[];
  private readonly ids: ReadonlyMap<string, TrainingModule>;
  private readonly cwes: ReadonlyMap<string, readonly TrainingModule[]>;

  constructor(modules: readonly TrainingModule[]) {
    const ids = new Map<string, TrainingModule>();
    for (const m of modules) ids.set(m.id, m);
    this.modules = [...ids.values()].sort((a, b) => a.id.localeCompare(b.id));
    this.ids = ids;
    const cwes = new Map<string, TrainingModule[]>();
    for (const m of this.modules)
      for (const cwe of m.cwe) cwes.set(cwe, [...(cwes.get(cwe) ?? []), m]);
    for (const list of cwes.values()) list.sort(byFitness);
    this.cwes = cwes;
  }

  /** The module with this id. */
  byId(id: string): TrainingModule | undefined {
    return this.ids.get(id);
  }

  /** The modules teaching a CWE, the best first (see {@link moduleForCwe}). */
  forCwe(cwe: string): readonly TrainingModule[] {
    return this.cwes.get(cwe.toUpperCase()) ?? [];
  }

  /**
   * The module a finding with these CWEs links: for the first CWE that has one, the module
   * that teaches the fewest other CWEs (the most specific), then the easiest, then by id.
   */
  moduleForCwes(cwes: readonly string[]): TrainingModule | undefined {
    for (const cwe of cwes) {
      const found = this.forCwe(cwe)[0];
      if (found) return found;
    }
    return undefined;
  }
}

function byFitness(a: TrainingModule, b: TrainingModule): number {
  return (
    a.cwe.length - b.cwe.length ||
    LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
    a.id.localeCompare(b.id)
  );
}

/** What {@link loadCatalog} reads. */
export interface LoadCatalogOptions {
  /** The organisation's own modules (a folder of `*.md`), if any. */
  readonly organisationDir?: string | undefined;
  /** The built-in modules' folder; default Rampart's own content. */
  readonly builtInDir?: string;
}

/** Loads the built-in modules and the organisation's (which replace built-ins by id). */
export async function loadCatalog(options: LoadCatalogOptions = {}): Promise<Catalog> {
  const builtIn = await loadModules(options.builtInDir ?? builtInContentDir(), 'built-in');
  const own =
    options.organisationDir === undefined
      ? []
      : await loadModules(options.organisationDir, 'organisation');
  return new Catalog([...builtIn, ...own]);
}
