/** The hub's answers about training (`routes/training-routes.ts`, docs/hub-training.md). */

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** The languages a module may name (`@rampart/training`'s `LANGUAGES`). */
export const LANGUAGES = [
  'javascript',
  'typescript',
  'python',
  'java',
  'go',
  'csharp',
  'ruby',
  'php',
  'dockerfile',
  'terraform',
  'kubernetes',
  'github-actions',
  'gitlab-ci',
  'any',
] as const;

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The caller's standing on one module. */
export interface ModuleStatus {
  readonly completed: boolean;
  /** The best score of their attempts; null before the first. */
  readonly bestScore: number | null;
  /** Their first pass. */
  readonly completedAt: string | null;
}

/** A module as the catalog lists it. */
export interface ModuleSummary {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly cwe: readonly string[];
  readonly languages: readonly string[];
  readonly frameworks: readonly string[];
  readonly level: string;
  readonly minutes: number;
  readonly questionCount: number;
  readonly source: 'built-in' | 'organisation';
}

/** `GET /api/v1/training/modules`. */
export interface CatalogAnswer {
  readonly passMark: number;
  readonly modules: readonly (ModuleSummary & { readonly status: ModuleStatus })[];
}

export interface CatalogFilter {
  readonly cwe?: string | undefined;
  readonly language?: string | undefined;
  readonly level?: string | undefined;
  readonly q?: string | undefined;
}

/** `GET /api/v1/training/modules/:moduleId`. */
export interface ModuleAnswer {
  readonly passMark: number;
  readonly module: ModuleSummary & {
    /** Rendered by the hub from markdown, raw HTML escaped: see desk/Markdown.tsx. */
    readonly bodyHtml: string;
    readonly quiz: readonly { readonly question: string; readonly choices: readonly string[] }[];
  };
  readonly status: ModuleStatus;
  readonly attempts: {
    readonly count: number;
    readonly passed: number;
    readonly lastAttemptAt: string | null;
    readonly remainingThisHour: number;
  };
}

/** `POST /api/v1/training/modules/:moduleId/attempts`. */
export interface AttemptResult {
  readonly attemptId: string;
  readonly score: number;
  readonly correct: number;
  readonly total: number;
  readonly passed: boolean;
  readonly passMark: number;
  readonly results: readonly {
    readonly correct: boolean;
    readonly answer: number;
    readonly explanation: string;
  }[];
  readonly status: ModuleStatus;
}

/** Why a module is recommended: one CWE, its score and its findings by severity. */
export interface RecommendationCause {
  readonly cwe: string;
  readonly score: number;
  readonly findings: Readonly<Record<Severity, number>>;
}

/** `GET /api/v1/teams/:teamId/training/recommendations`. */
export interface TeamRecommendations {
  readonly teamId: string;
  readonly teamName: string;
  readonly since: string;
  readonly languages: readonly string[];
  readonly recommendations: readonly {
    readonly module: ModuleSummary;
    readonly score: number;
    readonly languageMatch: boolean;
    readonly causes: readonly RecommendationCause[];
    readonly completedBy: number;
    readonly members: number;
  }[];
}

/** One entry of `GET /api/v1/me/training`'s recommendations. */
export interface PersonalRecommendation extends ModuleStatus {
  readonly module: ModuleSummary;
  readonly score: number;
  readonly languageMatch: boolean;
  readonly teams: readonly {
    readonly teamId: string;
    readonly teamName: string;
    readonly score: number;
    readonly causes: readonly RecommendationCause[];
  }[];
}

/** `GET /api/v1/me/training`. */
export interface MyTraining {
  readonly passMark: number;
  readonly recommendations: readonly PersonalRecommendation[];
  readonly completions: readonly {
    readonly moduleId: string;
    readonly title: string | null;
    readonly completedAt: string;
    readonly bestScore: number;
  }[];
  readonly recentAttempts: readonly {
    readonly id: string;
    readonly moduleId: string;
    readonly title: string | null;
    readonly score: number;
    readonly correct: number;
    readonly total: number;
    readonly passed: boolean;
    readonly createdAt: string;
  }[];
  /** The caller's assignments (open first). */
  readonly assignments?: readonly Assignment[];
}

/** A module assigned to the caller (`GET /api/v1/me/training/assignments`). */
export interface Assignment {
  readonly id: string;
  readonly moduleId: string;
  readonly title: string | null;
  readonly ruleId: string | null;
  readonly ruleName: string | null;
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly findingId: string | null;
  readonly assignedAt: string;
  readonly dueAt: string;
  readonly completedAt: string | null;
  readonly overdue: boolean;
}

export const RULE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** A training rule (`GET /api/v1/training/rules`). */
export interface TrainingRule {
  readonly id: string;
  readonly name: string;
  readonly cwe: string;
  readonly minSeverity: (typeof RULE_SEVERITIES)[number];
  readonly moduleId: string;
  readonly teamId: string | null;
  readonly dueDays: number;
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly checkedUntil: string | null;
}

/** The fields of a new rule. */
export interface NewTrainingRule {
  readonly name: string;
  readonly cwe: string;
  readonly minSeverity: string;
  readonly moduleId: string;
  readonly teamId: string | null;
  readonly dueDays: number;
}

/** One side of a before/after comparison. */
export interface EffectSide {
  readonly from: string;
  readonly to: string;
  readonly findings: number;
  readonly days: number;
  readonly per30Days: number | null;
}

/** `GET /api/v1/teams/:teamId/training/effectiveness`. */
export interface TeamEffectiveness {
  readonly teamId: string;
  readonly teamName: string;
  readonly members: number;
  readonly generatedAt: string;
  readonly modules: readonly {
    readonly module: {
      readonly id: string;
      readonly title: string | null;
      readonly cwe: readonly string[];
    };
    readonly members: number;
    readonly passed: number;
    readonly share: number;
    readonly teamCompletedAt: string | null;
    readonly cwes: readonly {
      readonly cwe: string;
      readonly before: EffectSide;
      readonly after: EffectSide;
      readonly lowSample: boolean;
    }[];
  }[];
}
