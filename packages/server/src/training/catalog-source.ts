import { type Catalog, loadCatalog } from '@rampart/training';

/**
 * Where the training routes get the catalog: the one given (`rampart serve` loads the
 * built-in modules and `--training-dir` before it listens), else the built-in modules,
 * loaded on first use and kept (a failed load is tried again on the next request).
 */
export function catalogSource(catalog?: Catalog): () => Promise<Catalog> {
  if (catalog !== undefined) {
    const ready = Promise.resolve(catalog);
    return () => ready;
  }
  let loading: Promise<Catalog> | undefined;
  return () => {
    loading ??= loadCatalog().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
