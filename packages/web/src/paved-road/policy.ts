/**
 * Reads the catalog's parsed policy (plain JSON of the YAML the security team wrote) into
 * rows for the tables. The hub validated it, but the page still reads it defensively: a field
 * of an unexpected type is shown as absent, never trusted as markup.
 */

export interface LibraryRow {
  readonly ecosystem: string;
  /** Its index in `libraries.<ecosystem>.<list>`: the PATCH path of a removal. */
  readonly index: number;
  readonly name: string;
  readonly versions: string | undefined;
  readonly rationale: string | undefined;
  readonly owner: string | undefined;
  readonly replacement: string | undefined;
  readonly reason: string | undefined;
  readonly severity: string | undefined;
}

export interface ImageRow {
  readonly index: number;
  readonly image: string;
  readonly digest: string | undefined;
  readonly tags: readonly string[];
  readonly updateCadence: string | undefined;
  readonly owner: string | undefined;
  readonly replaces: readonly string[];
  readonly rationale: string | undefined;
}

export interface PipelineRow {
  readonly ci: 'github' | 'gitlab';
  readonly fields: readonly (readonly [string, string])[];
}

export interface PolicyView {
  readonly name: string | undefined;
  readonly docs: string | undefined;
  readonly approvedLibraries: readonly LibraryRow[];
  readonly bannedLibraries: readonly LibraryRow[];
  readonly images: readonly ImageRow[];
  readonly registries: readonly string[];
  readonly requireDigest: boolean;
  readonly pipelines: readonly PipelineRow[];
  readonly scanners: readonly string[];
  /** The ecosystems named in `libraries` (for the forms' defaults). */
  readonly ecosystems: readonly string[];
}

/** The ecosystems as OSV spells them (the policy's keys under `libraries`). */
export const ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
] as const;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return list(value)
    .map(text)
    .filter((s): s is string => s !== undefined);
}

function libraries(
  libs: Record<string, unknown> | undefined,
  kind: 'approved' | 'banned',
): LibraryRow[] {
  const rows: LibraryRow[] = [];
  for (const [ecosystem, section] of Object.entries(libs ?? {})) {
    list(record(section)?.[kind]).forEach((entry, index) => {
      const e = record(entry);
      const name = text(e?.name);
      if (e === undefined || name === undefined) return;
      rows.push({
        ecosystem,
        index,
        name,
        versions: text(e.versions),
        rationale: text(e.rationale),
        owner: text(e.owner),
        replacement: text(e.replacement),
        reason: text(e.reason),
        severity: text(e.severity),
      });
    });
  }
  return rows;
}

/** The rows of every table of the catalog page. */
export function readPolicy(policy: unknown): PolicyView {
  const root = record(policy);
  const libs = record(root?.libraries);
  const baseImages = record(root?.baseImages);
  const pipeline = record(root?.pipeline);
  const images: ImageRow[] = [];
  list(baseImages?.approved).forEach((entry, index) => {
    const e = record(entry);
    const image = text(e?.image);
    if (e === undefined || image === undefined) return;
    images.push({
      index,
      image,
      digest: text(e.digest),
      tags: texts(e.tags),
      updateCadence: text(e.updateCadence),
      owner: text(e.owner),
      replaces: texts(e.replaces),
      rationale: text(e.rationale),
    });
  });
  const pipelines: PipelineRow[] = [];
  for (const ci of ['github', 'gitlab'] as const) {
    const p = record(pipeline?.[ci]);
    if (p === undefined) continue;
    const fields = Object.entries(p)
      .map(([key, value]) => [key, text(value) ?? texts(value).join(', ')] as const)
      .filter(([, value]) => value !== '');
    pipelines.push({ ci, fields });
  }
  return {
    name: text(root?.name),
    docs: text(root?.docs),
    approvedLibraries: libraries(libs, 'approved'),
    bannedLibraries: libraries(libs, 'banned'),
    images,
    registries: texts(baseImages?.registries),
    requireDigest: baseImages?.requireDigest === true,
    pipelines,
    scanners: texts(root?.scanners),
    ecosystems: Object.keys(libs ?? {}),
  };
}

/** Whether `libraries.<ecosystem>.<kind>` is a list in the policy (else a PATCH must create it). */
export function hasLibraryList(
  policy: unknown,
  ecosystem: string,
  kind: 'approved' | 'banned',
): boolean {
  return Array.isArray(record(record(record(policy)?.libraries)?.[ecosystem])?.[kind]);
}

/** Whether `baseImages.approved` is a list in the policy. */
export function hasImageList(policy: unknown): boolean {
  return Array.isArray(record(record(policy)?.baseImages)?.approved);
}

/** The line an `INVALID_POLICY` message names (`paved-road.yml:5:9: …`), if any. */
export function lineOfMessage(message: string): { line: number; column: number } | undefined {
  const match =
    /\bline (\d+)(?:, column (\d+))?/i.exec(message) ?? /\.ya?ml:(\d+)(?::(\d+))?/.exec(message);
  if (match === null) return undefined;
  return { line: Number(match[1]), column: Number(match[2] ?? 1) };
}

/** Splits a diff part's text into its lines (without the final newline's empty line). */
export function diffLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
