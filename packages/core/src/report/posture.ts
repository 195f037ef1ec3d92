import { z } from 'zod';

const count = z.number().int().min(0);
/**
 * A path with `/` separators, relative to the scanned root; when the scanned folder is below
 * the git top level (a project of a monorepo), the set-up facts' paths (CI files, secrets
 * hook, dependency updates, SECURITY.md, CODEOWNERS) are relative to the top level, where
 * those files live.
 */
const repoPath = z.string().min(1).max(1024);

/** The CI systems whose pipeline files a repository has. */
export const CI_SYSTEMS = ['github', 'gitlab'] as const;

/** How a repository runs secret detection before a commit. */
export const SECRETS_HOOK_KINDS = ['pre-commit', 'husky', 'lefthook', 'git-hooks'] as const;

/** The dependency update tools the hub recognises. */
export const DEPENDENCY_UPDATE_TOOLS = ['dependabot', 'renovate'] as const;

/** A `uses:` of a third-party action that is not pinned to a full commit SHA. */
const UnpinnedActionSchema = z.strictObject({
  uses: z.string().max(512),
  path: repoPath,
  line: z.number().int().min(1),
});

/**
 * What a scan saw of the repository's set-up, from its files: the facts the hub's posture
 * checks are computed from. Every path is the file that proves the fact (so the hub can say
 * where), `null` when there is none.
 */
export const RepositoryFactsSchema = z.strictObject({
  /** The CI systems with pipeline files (`.github/workflows/*.yml`, `.gitlab-ci.yml`). */
  ci: z.array(z.enum(CI_SYSTEMS)),
  /** Where the CI files run Rampart (`rampart scan`, the CLI's action or an organisation template). */
  rampartInCi: z.strictObject({
    /** A pipeline that runs on pull/merge requests runs Rampart. */
    pullRequests: z.boolean(),
    /** A pipeline that runs on pushes to the default branch runs Rampart. */
    defaultBranch: z.boolean(),
  }),
  /**
   * A CI file publishes the scan's results where the platform shows them: on GitHub, SARIF
   * uploaded to code scanning (github/codeql-action/upload-sarif); on GitLab (which reads no
   * SARIF), a job that runs Rampart and publishes `artifacts: reports: junit:` (as `rampart
   * init --ci gitlab` writes), or any GitLab security report (`sast`, `secret_detection`…).
   */
  sarifUpload: repoPath.nullable(),
  /** The file that runs secret detection before each commit, and how. */
  secretsHook: z.strictObject({ kind: z.enum(SECRETS_HOOK_KINDS), path: repoPath }).nullable(),
  /** Third-party GitHub Actions (`uses: owner/repo@ref` outside `actions/` and `github/`). */
  actions: z.strictObject({
    thirdParty: count,
    /** How many of them are not pinned to a 40-hex commit SHA. */
    unpinned: count,
    /** The first few unpinned ones (at most 20). */
    examples: z.array(UnpinnedActionSchema).max(20),
  }),
  /** The dependency update tool's configuration. */
  dependencyUpdates: z
    .strictObject({ tool: z.enum(DEPENDENCY_UPDATE_TOOLS), path: repoPath })
    .nullable(),
  /** SECURITY.md (root, .github/ or docs/). */
  securityPolicy: repoPath.nullable(),
  /** CODEOWNERS (root, .github/, docs/ or .gitlab/). */
  codeowners: repoPath.nullable(),
  /** A threat model as code (`threatmodel.yml`, `*.threatmodel.yml`). */
  threatModel: repoPath.nullable(),
  /** The threat model marks an element `internetFacing: true`; absent when there is no model. */
  internetFacing: z.boolean().optional(),
  /** Lines of source code (files of a recognised programming language), for findings per thousand lines. */
  linesOfCode: count,
});

export type RepositoryFacts = z.infer<typeof RepositoryFactsSchema>;

/** One paved-road check's outcome, as `rampart paved-road check` computes it. */
export const PavedRoadCheckOutcomeSchema = z.strictObject({
  id: z.string().min(1).max(100),
  status: z.enum(['pass', 'fail', 'not-applicable']),
  summary: z.string().max(2000),
  /** How many violations the check found (the list keeps the first 20). */
  violationCount: count,
  violations: z
    .array(
      z.strictObject({
        message: z.string().max(2000),
        remediation: z.string().max(2000),
        path: repoPath.optional(),
        line: z.number().int().min(1).optional(),
      }),
    )
    .max(20),
});

/** The repository's adherence to the paved-road policy that rampart.yml names. */
export const PavedRoadOutcomeSchema = z.strictObject({
  policy: z.strictObject({
    name: z.string().max(500).optional(),
    /** The path or URL the policy was read from. */
    source: z.string().max(2048),
    /** SHA-256 (hex) of the policy file's bytes: the hub matches it to a catalog revision. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  score: z.number().int().min(0).max(100),
  checks: z.array(PavedRoadCheckOutcomeSchema).max(50),
});

export type PavedRoadOutcome = z.infer<typeof PavedRoadOutcomeSchema>;

/** The `posture` section of the JSON report: the repository facts and the paved-road outcome. */
export const PostureSchema = z.strictObject({
  facts: RepositoryFactsSchema,
  /** Absent when rampart.yml names no paved-road policy. */
  pavedRoad: PavedRoadOutcomeSchema.optional(),
});

export type Posture = z.infer<typeof PostureSchema>;
