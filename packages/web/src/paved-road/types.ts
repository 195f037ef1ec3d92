/**
 * The hub's paved-road answers (issue 13, contracts 3 and 4): the catalog (`/api/v1/paved-road…`)
 * and the adherence scorecards (`/api/v1/paved-road/scores|gaps|comparison`,
 * `/api/v1/projects/:id/paved-road`).
 */

export interface UserRef {
  readonly id: string;
  readonly displayName: string | null;
  readonly username?: string;
}

/** `GET /api/v1/paved-road`: the current catalog revision. */
export interface Catalog {
  readonly revision: number | null;
  /** '' when there is no policy yet. */
  readonly yaml: string;
  readonly sha256: string | null;
  /** The YAML parsed to plain JSON: content the security team typed, read defensively. */
  readonly policy: unknown;
  readonly updatedAt: string | null;
  readonly author: UserRef | null;
  readonly comment: string | null;
  /** The stable URL that rampart.yml's `pavedRoad:` names (path on the hub). */
  readonly url: string;
  /** In the answers of PUT and PATCH: whether a new revision was stored. */
  readonly changed?: boolean;
}

/** One edit of `PATCH /api/v1/paved-road`, applied to the YAML document (comments kept). */
export interface PatchOp {
  readonly op: 'set' | 'append' | 'delete';
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
}

export interface RevisionSummary {
  readonly revision: number;
  readonly sha256: string;
  readonly comment: string | null;
  readonly author: UserRef | null;
  readonly createdAt: string;
  /** Lines added and removed against the previous revision. */
  readonly added: number;
  readonly removed: number;
}

export interface DiffPart {
  readonly kind: 'add' | 'remove' | 'same';
  /** One or more lines (jsdiff's `diffLines` value). */
  readonly text: string;
}

export interface RevisionDetail {
  readonly revision: number;
  readonly yaml: string;
  readonly sha256: string;
  readonly comment: string | null;
  readonly author: UserRef | null;
  readonly createdAt: string;
  /** Null when the diff is too large to compute ({@link RevisionDetail.diffTooLarge}). */
  readonly diff: readonly DiffPart[] | null;
  readonly diffTooLarge?: boolean;
}

export const CI_KINDS = ['github', 'gitlab', 'any'] as const;
export type CiKind = (typeof CI_KINDS)[number];

export interface TemplateSummary {
  readonly name: string;
  readonly version: string;
  readonly ci: CiKind;
  readonly description: string;
  readonly paths: readonly string[];
  /** The check ids the template fixes. */
  readonly provides: readonly string[];
  readonly createdAt: string;
  readonly deprecated: boolean;
}

export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

export interface TemplateDetail {
  readonly name: string;
  readonly version: string;
  readonly ci: CiKind;
  readonly description: string;
  readonly files: readonly TemplateFile[];
  readonly provides: readonly string[];
  readonly createdAt: string;
  readonly author: UserRef | null;
  readonly deprecated?: boolean;
}

// ---- scorecards (contract 4) ----

export type CheckStatus = 'pass' | 'fail' | 'not-applicable';
export const EXPOSURES = ['internet', 'internal', 'unknown'] as const;
export type Exposure = (typeof EXPOSURES)[number];

export interface Fix {
  readonly text: string;
  /** Names of the organisation templates that provide the check. */
  readonly templates: readonly string[];
  /** A docs link (path or URL). */
  readonly docs: string;
}

export interface ScorecardCheck {
  readonly id: string;
  readonly title: string;
  readonly source: 'posture' | 'paved-road';
  readonly status: CheckStatus;
  readonly summary: string;
  readonly fix: Fix | null;
}

/** `GET /api/v1/projects/:id/paved-road`. */
export interface ProjectScorecard {
  readonly projectId: string;
  readonly score: number | null;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly measuredAt: string | null;
  readonly scanId: string | null;
  readonly exposure: Exposure;
  readonly checks: readonly ScorecardCheck[];
  readonly trend: readonly { readonly day: string; readonly score: number | null }[];
}

export interface ScoreRollup {
  readonly score: number | null;
  readonly measured: number;
  readonly projects: number;
}

/** `GET /api/v1/paved-road/scores`. */
export interface Scores {
  readonly organisation: ScoreRollup & {
    readonly trend?: readonly { readonly week: string; readonly score: number | null }[];
  };
  readonly teams: readonly (ScoreRollup & { readonly teamId: string; readonly name: string })[];
  readonly projects: readonly {
    readonly projectId: string;
    readonly name: string;
    readonly teamId: string;
    readonly teamName: string;
    readonly score: number | null;
    readonly measuredAt: string | null;
    readonly passed: number;
    readonly failed: number;
  }[];
  readonly checks: readonly {
    readonly id: string;
    readonly title: string;
    readonly applicable: number;
    readonly passing: number;
    readonly failing: number;
  }[];
}

export interface Gap {
  readonly check: string;
  readonly title: string;
  readonly failing: number;
  readonly projects: readonly {
    readonly projectId: string;
    readonly name: string;
    readonly teamName: string;
  }[];
  readonly fix: Fix | null;
  readonly remedies: readonly { readonly text: string; readonly projects: number }[];
}

/** `GET /api/v1/paved-road/gaps`. */
export interface Gaps {
  readonly gaps: readonly Gap[];
}

export interface ComparisonGroup {
  readonly projects: number;
  readonly linesOfCode: number;
  readonly findings: number;
  readonly findingsPerKloc: number | null;
  readonly fixed: number;
  readonly mttrDays: { readonly mean: number | null; readonly median: number | null } | null;
  readonly escape: {
    readonly production: number;
    readonly pipeline: number;
    readonly rate: number | null;
  };
  readonly lowSample?: boolean;
}

/** `GET /api/v1/paved-road/comparison`. */
export interface Comparison {
  readonly threshold: number;
  readonly from: string;
  readonly to: string;
  readonly onRoad: ComparisonGroup;
  readonly offRoad: ComparisonGroup;
  readonly unmeasured: { readonly projects: number };
  readonly lowSample?: boolean;
}
