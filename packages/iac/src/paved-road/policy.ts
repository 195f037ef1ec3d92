import { ConfigError, parseYamlWithSchema, ScannerKindSchema, SeveritySchema } from '@rampart/core';
import { ECOSYSTEMS, type Ecosystem, schemeFor } from '@rampart/sca/dependencies';
import { z } from 'zod';
import {
  completeVersions,
  invalidVersions,
  parseVersionRange,
  type VersionRange,
} from './version-range.js';

const text = (description: string) => z.string().min(1).describe(description);

const VersionsSchema = z
  .string()
  .min(1)
  .describe(
    'A version range in the ecosystem\'s own ordering: "*", comparators that must all hold (">=6.0.0 <8"), alternatives with "||". A bare version is that version exactly.',
  );

const ApprovedImageSchema = z
  .strictObject({
    image: text(
      'The image name without tag or digest, with its registry: "registry.acme.io/node", "cgr.dev/chainguard/python". Docker Hub images may be written "node" or "docker.io/library/node".',
    ),
    tags: z
      .array(z.string().min(1))
      .optional()
      .describe('Allowed tags; "*" at the end matches any suffix ("20-*"). Default: any tag.'),
    digest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256: and 64 hex digits' })
      .optional()
      .describe('The current recommended digest, suggested in remediations.'),
    replaces: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Public images this one replaces ("node", "python"): a Dockerfile that uses one of them is told to use this image instead.',
      ),
    rationale: z.string().optional().describe('Why this image is approved.'),
    owner: z.string().optional().describe('Who maintains it (a team or a person).'),
    updateCadence: z.string().optional().describe('How often it is rebuilt, e.g. "weekly".'),
  })
  .describe('A hardened base image that projects should build on.');

const BaseImagesSchema = z
  .strictObject({
    registries: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Registries whose every image is approved ("registry.acme.io"); "docker.io" is Docker Hub.',
      ),
    approved: z.array(ApprovedImageSchema).optional().describe('Approved images, by name.'),
    requireDigest: z
      .boolean()
      .optional()
      .describe('Every FROM must pin its image by digest (@sha256:…). Default: false.'),
  })
  .describe('Which base images Dockerfiles may build on.');

const ApprovedLibrarySchema = z
  .strictObject({
    name: text('The package name as the ecosystem spells it.'),
    versions: VersionsSchema.optional().describe(
      'Allowed versions; a dependency outside them is reported. Default: any.',
    ),
    rationale: z.string().optional().describe('Why this library is the approved choice.'),
    owner: z.string().optional().describe('Who answers questions about it.'),
  })
  .describe('A library projects should use.');

const BannedLibrarySchema = z
  .strictObject({
    name: text('The package name as the ecosystem spells it.'),
    versions: VersionsSchema.optional().describe('Banned versions. Default: every version.'),
    replacement: z
      .string()
      .optional()
      .describe('The approved alternative, named in the remediation.'),
    reason: z.string().optional().describe('Why it is banned (shown in the finding).'),
    severity: SeveritySchema.optional().describe('Severity of the finding. Default: medium.'),
  })
  .describe('A library projects must not use.');

const EcosystemLibrariesSchema = z.strictObject({
  approved: z.array(ApprovedLibrarySchema).optional(),
  banned: z.array(BannedLibrarySchema).optional(),
});

const GithubTemplateSchema = z
  .strictObject({
    workflow: z
      .string()
      .regex(/^[^/@\s]+\/[^/@\s]+\/\.github\/workflows\/[^@\s]+\.ya?ml$/, {
        error: 'expected OWNER/REPO/.github/workflows/FILE.yml (no @ref; set `ref` for that)',
      })
      .describe(
        "The organisation's reusable workflow that a job must call with `uses:`: OWNER/REPO/.github/workflows/FILE.yml.",
      ),
    ref: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Required ref after @ ("v2", a commit SHA); "*" at the end matches a prefix ("v2*"). Default: any ref.',
      ),
  })
  .describe('The GitHub Actions template.');

const GitlabTemplateSchema = z
  .strictObject({
    project: z
      .string()
      .min(1)
      .optional()
      .describe('The template project ("acme/ci-templates") for `include: project:`.'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('The template file in that project ("/rampart.gitlab-ci.yml").'),
    remote: z
      .url({ protocol: /^https$/, error: 'expected an https URL' })
      .optional()
      .describe('Or: the template by `include: remote:` URL.'),
    component: z
      .string()
      .min(1)
      .optional()
      .describe('Or: a CI/CD component path, without @version ("gitlab.acme.io/ci/rampart").'),
  })
  .refine((t) => (t.project !== undefined && t.file !== undefined) || t.remote || t.component, {
    error: 'expected project and file, or remote, or component',
  })
  .describe('The GitLab CI template.');

/** The schema of `paved-road.yml`. */
export const PavedRoadPolicySchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    version: z.literal(1).describe('The policy format version. Only 1 exists.'),
    name: z.string().optional().describe('A name for the policy, shown in reports.'),
    docs: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("The organisation's page about its paved road; every finding links it."),
    baseImages: BaseImagesSchema.optional(),
    libraries: z
      .strictObject(
        Object.fromEntries(
          ECOSYSTEMS.map((e) => [e, EcosystemLibrariesSchema.optional()]),
        ) as Record<Ecosystem, z.ZodOptional<typeof EcosystemLibrariesSchema>>,
      )
      .optional()
      .describe(
        'Approved and banned libraries per ecosystem (npm, PyPI, Go, crates.io, RubyGems, Packagist, Maven, NuGet).',
      ),
    pipeline: z
      .strictObject({
        github: GithubTemplateSchema.optional(),
        gitlab: GitlabTemplateSchema.optional(),
      })
      .optional()
      .describe("The organisation's pipeline template, which every repository's CI must call."),
    scanners: z
      .array(ScannerKindSchema)
      .optional()
      .describe('Scanners every project must run: none may be left out of its Rampart runs.'),
  })
  .describe("An organisation's paved road (paved-road.yml).");

/** The `$id` of the published policy schema. */
export const PAVED_ROAD_SCHEMA_ID = 'urn:rampart:schema:paved-road:v1';

/**
 * The JSON Schema of `paved-road.yml`, generated from the runtime schema (editors complete
 * and check the file with it). `npm run gen` writes it to `packages/iac/schemas/`.
 */
export function pavedRoadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PavedRoadPolicySchema, { io: 'input', target: 'draft-7' });
  return {
    ...schema,
    $id: PAVED_ROAD_SCHEMA_ID,
    title: 'Rampart paved-road policy (paved-road.yml)',
  };
}

/** `paved-road.yml` as written. */
export type PavedRoadPolicyFile = z.infer<typeof PavedRoadPolicySchema>;

/** A library entry with its range parsed. */
export interface LibraryRule {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly versions: VersionRange | undefined;
  /** Where the entry is in the policy file (1-based). */
  readonly line: number;
}

/** A policy, validated, with its ranges parsed and its origin. */
export interface PavedRoadPolicy {
  readonly file: PavedRoadPolicyFile;
  /** Where it came from: the path or URL as configured. */
  readonly source: string;
  readonly approved: readonly ApprovedLibrary[];
  readonly banned: readonly BannedLibrary[];
}

/** An approved library of the policy. */
export type ApprovedLibrary = Omit<z.infer<typeof ApprovedLibrarySchema>, 'versions'> & LibraryRule;
/** A banned library of the policy. */
export type BannedLibrary = Omit<z.infer<typeof BannedLibrarySchema>, 'versions'> & LibraryRule;

/**
 * Parses and validates a policy. Every problem is a ConfigError naming `file`, line and
 * column; version ranges are checked against the ecosystem's version scheme.
 */
export function parsePolicy(policyText: string, file: string): PavedRoadPolicy {
  const parsed = parseYamlWithSchema(policyText, file, PavedRoadPolicySchema);
  const approved: ApprovedLibrary[] = [];
  const banned: BannedLibrary[] = [];
  for (const [key, libraries] of Object.entries(parsed.data.libraries ?? {})) {
    const ecosystem = key as Ecosystem;
    const scheme = schemeFor(ecosystem);
    const rangeOf = (path: (string | number)[], versions: string | undefined) => {
      if (versions === undefined) return undefined;
      const at = parsed.positionOf([...path, 'versions']);
      let range: VersionRange;
      try {
        range = completeVersions(parseVersionRange(versions), scheme);
      } catch (err) {
        throw new ConfigError(`${path.join('.')}.versions: ${(err as Error).message}`, {
          file,
          ...at,
        });
      }
      const invalid = invalidVersions(range, scheme);
      if (invalid.length > 0) {
        throw new ConfigError(
          `${path.join('.')}.versions: "${invalid[0]}" is not a ${ecosystem} version (${scheme.id})`,
          { file, ...at },
        );
      }
      return range;
    };
    for (const [i, entry] of (libraries?.approved ?? []).entries()) {
      const path = ['libraries', key, 'approved', i];
      approved.push({
        ...entry,
        ecosystem,
        versions: rangeOf(path, entry.versions),
        line: parsed.positionOf(path).line,
      });
    }
    for (const [i, entry] of (libraries?.banned ?? []).entries()) {
      const path = ['libraries', key, 'banned', i];
      banned.push({
        ...entry,
        ecosystem,
        versions: rangeOf(path, entry.versions),
        line: parsed.positionOf(path).line,
      });
    }
  }
  return { file: parsed.data, source: file, approved, banned };
}
