import type { Severity } from '@rampart/core';

/** The checks of a paved-road policy, in report order. */
export const PAVED_ROAD_CHECK_IDS = [
  'base-image',
  'base-image-digest',
  'banned-library',
  'library-version',
  'pipeline-template',
  'required-scanners',
] as const;

/** One of {@link PAVED_ROAD_CHECK_IDS}. */
export type PavedRoadCheckId = (typeof PAVED_ROAD_CHECK_IDS)[number];

/** What a paved-road check is, for reports and the generated documentation. */
export interface PavedRoadCheckMeta {
  readonly id: PavedRoadCheckId;
  readonly title: string;
  /** The policy section that turns it on. */
  readonly policy: string;
  /** Severity of its findings (a banned library may set its own). */
  readonly severity: Severity;
  readonly cwe: readonly string[];
  /** What it checks and why it matters. */
  readonly rationale: string;
  /** The general fix; each finding names the specific approved alternative. */
  readonly remediation: string;
}

/** Every paved-road check's description. */
export const PAVED_ROAD_CHECKS: Readonly<Record<PavedRoadCheckId, PavedRoadCheckMeta>> = {
  'base-image': {
    id: 'base-image',
    title: 'Base image not on the paved road',
    policy: 'baseImages.registries, baseImages.approved',
    severity: 'medium',
    cwe: ['CWE-1357'],
    rationale:
      "Every Dockerfile `FROM` must be an approved image (by name, and by tag when the policy lists tags) or come from an approved registry. Hardened images are patched on a known cadence and carry what the organisation's runtime needs and nothing else; an arbitrary public image brings its own vulnerabilities and no one who answers for them.",
    remediation:
      'Build on the approved image the finding names (it says which one replaces the image you use), or ask the security team to approve the image.',
  },
  'base-image-digest': {
    id: 'base-image-digest',
    title: 'Base image not pinned by digest, as the policy requires',
    policy: 'baseImages.requireDigest',
    severity: 'medium',
    cwe: ['CWE-829'],
    rationale:
      'With `requireDigest: true` every `FROM` must pin `@sha256:…`: a tag can be moved by whoever controls the repository, so the same Dockerfile can build a different image tomorrow. (This finding replaces the generic `docker-image-not-pinned` one at the same line.)',
    remediation:
      "Pin the digest (the finding gives the approved image's current one when the policy records it) and let Renovate or Dependabot move it.",
  },
  'banned-library': {
    id: 'banned-library',
    title: 'Banned library',
    policy: 'libraries.<ecosystem>.banned',
    severity: 'medium',
    cwe: ['CWE-1357'],
    rationale:
      'No dependency, direct or transitive, may be a library the policy bans (in the banned versions, when it names them): unmaintained, known-dangerous or superseded libraries that the organisation has decided to move off.',
    remediation:
      'Replace it with the approved alternative the finding names; for a transitive dependency, upgrade or replace the direct dependency that brings it in.',
  },
  'library-version': {
    id: 'library-version',
    title: 'Approved library outside its approved versions',
    policy: 'libraries.<ecosystem>.approved[].versions',
    severity: 'low',
    cwe: ['CWE-1357'],
    rationale:
      'A direct dependency on an approved library must be in the versions the policy approves (typically the supported major versions). Transitive copies are left to the libraries that pull them in.',
    remediation: 'Upgrade (or downgrade) the dependency into the approved range.',
  },
  'pipeline-template': {
    id: 'pipeline-template',
    title: "CI does not use the organisation's pipeline template",
    policy: 'pipeline.github, pipeline.gitlab',
    severity: 'medium',
    cwe: [],
    rationale:
      "The repository's CI must call the organisation's template: a job with `uses: OWNER/REPO/.github/workflows/FILE.yml@REF` in GitHub Actions, an `include:` of the template project/file, remote URL or CI/CD component in GitLab CI. The template is where the security team keeps the scanners, their versions and the upload to the hub, so one change reaches every project. A repository without any CI fails this check; one whose CI system has no template in the policy is not judged.",
    remediation:
      'Add a job that calls the template (the finding shows the exact `uses:` or `include:`), at the ref the policy requires.',
  },
  'required-scanners': {
    id: 'required-scanners',
    title: 'A required scanner is left out',
    policy: 'scanners',
    severity: 'medium',
    cwe: [],
    rationale:
      "Every scanner the policy requires must run: `rampart.yml`'s `scanners:` (when set) and every `rampart scan --scanners …` in CI must include them, `sast.builtInRules: false` does not count as running SAST, and some CI job must run Rampart at all (a `rampart scan`, or the organisation's template).",
    remediation:
      'Add the missing scanners to `scanners:` / `--scanners`, or drop the list to run every scanner.',
  },
};
