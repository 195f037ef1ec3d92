import { type FileFact, factOfFile } from '@rampart/iac/posture';
import { ApiError } from '../api-error.js';

/** A template name: a slug. */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A template version: semver `x.y.z` (no pre-release, no build). */
export const TEMPLATE_VERSION = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
/** At most this many files per template version. */
export const MAX_TEMPLATE_FILES = 50;
/** At most this many bytes (UTF-8) per file. */
export const MAX_TEMPLATE_FILE_BYTES = 256 * 1024;
/** At most this many bytes (UTF-8) for all the files of a version together. */
export const MAX_TEMPLATE_TOTAL_BYTES = 4 * 1024 * 1024;
/** The CI systems a template targets. */
export const TEMPLATE_CI = ['github', 'gitlab', 'any'] as const;
export type TemplateCi = (typeof TEMPLATE_CI)[number];

/** One file of a template: a path relative to the repository root and its text. */
export interface TemplateFile {
  readonly path: string;
  readonly content: string;
}

/** The check ids a template can provide, in the order they are listed. */
export const PROVIDABLE_CHECKS = [
  'rampart-on-pull-requests',
  'rampart-on-default-branch',
  'pipeline-template',
  'sarif-upload',
  'secrets-hook',
  'dependency-updates',
  'security-policy',
  'codeowners',
  'threat-model',
  'paved-road-policy',
] as const;

/** The scorecard check each file fact makes pass. */
const FACT_CHECKS: Readonly<Record<FileFact, string>> = {
  securityPolicy: 'security-policy',
  codeowners: 'codeowners',
  dependencyUpdates: 'dependency-updates',
  secretsHook: 'secrets-hook',
  threatModel: 'threat-model',
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The posture / paved-road checks a template fixes once written into a repository, from its
 * file paths and content (computed when a version is created, stored with it):
 * a CI file (`.github/workflows/*`, `.gitlab-ci.yml`) that runs `rampart` → the two
 * "Rampart runs" checks and `pipeline-template`, one with `upload-sarif` (or, in
 * `.gitlab-ci.yml`, a report under `artifacts: reports:`) → `sarif-upload`;
 * a `rampart.yml` with `pavedRoad:` → `paved-road-policy`; every other file by iac's
 * `factOfFile`, the rules a scan's facts use (a hook that runs a secret scan →
 * `secrets-hook`, a Dependabot/Renovate config → `dependency-updates`, `SECURITY.md`,
 * `CODEOWNERS` and a threat model where the scan looks for them).
 */
export function templateProvides(files: readonly TemplateFile[]): string[] {
  const found = new Set<string>();
  for (const { path, content } of files) {
    const name = baseName(path);
    const ciFile =
      (path.startsWith('.github/workflows/') && path.length > '.github/workflows/'.length) ||
      path === '.gitlab-ci.yml';
    if (ciFile) {
      if (/rampart/i.test(content)) {
        found.add('rampart-on-pull-requests');
        found.add('rampart-on-default-branch');
        found.add('pipeline-template');
      }
      // GitHub: the SARIF upload step; GitLab (which reads no SARIF): a security report, or
      // the Rampart job's JUnit report, which the merge request shows.
      if (
        content.includes('upload-sarif') ||
        (path === '.gitlab-ci.yml' &&
          /^\s*(?:junit|sast|secret_detection|dependency_scanning|container_scanning|dast)\s*:/m.test(
            content,
          ) &&
          /rampart/i.test(content))
      )
        found.add('sarif-upload');
    }
    // The other files prove what the scan's own collector says they prove.
    const fact = factOfFile(path, content);
    if (fact !== undefined) found.add(FACT_CHECKS[fact]);
    if ((name === 'rampart.yml' || name === 'rampart.yaml') && /^\s*pavedRoad:/m.test(content)) {
      found.add('paved-road-policy');
    }
  }
  return PROVIDABLE_CHECKS.filter((id) => found.has(id));
}

/** Compares two `x.y.z` versions: negative, zero or positive. */
export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'INVALID_TEMPLATE', message);
}

/**
 * Why a template file path is refused, or undefined when it is fine: relative to the
 * repository root, `/`-separated, no `..` or `.` segment, no empty segment, no backslash, no
 * control character, no colon, nothing inside `.git/`, at most 512 characters.
 */
export function pathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > 512) return 'is longer than 512 characters';
  if (path.startsWith('/')) return 'must be relative (no leading /)';
  if (path.includes('\\')) return 'must use / (no backslash)';
  if (/^[a-zA-Z]:/.test(path)) return 'must be relative (no drive letter)';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  // As `rampart init` refuses (a whole template): `a:b` is a stream of `a` on Windows.
  if (path.includes(':')) return 'contains a colon';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment (// or a trailing /)';
    if (segment === '..') return 'must stay inside the repository (no ..)';
    if (segment === '.') return 'has a . segment';
    if (isGitFolderName(segment)) return 'is inside .git/ (hooks there run on the next commit)';
  }
  return undefined;
}

/** `.git` as Windows and macOS also read it (any case, trailing dots or spaces, 8.3 `GIT~1`). */
function isGitFolderName(segment: string): boolean {
  const name = segment
    .replace(/[\u200b-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g, '')
    .replace(/[. ]+$/, '')
    .toLowerCase();
  return name === '.git' || /^git~\d+$/.test(name);
}

/** Checks a version's files: count, paths (unique), sizes. 400 INVALID_TEMPLATE otherwise. */
export function validateTemplateFiles(files: readonly TemplateFile[]): void {
  if (files.length === 0) throw invalid('files: a template has at least one file');
  if (files.length > MAX_TEMPLATE_FILES) {
    throw invalid(`files: at most ${MAX_TEMPLATE_FILES} files (got ${files.length})`);
  }
  const seen = new Set<string>();
  let total = 0;
  for (const [i, file] of files.entries()) {
    const problem = pathProblem(file.path);
    if (problem) throw invalid(`files.${i}.path "${file.path}" ${problem}`);
    if (seen.has(file.path)) throw invalid(`files.${i}.path "${file.path}" appears twice`);
    seen.add(file.path);
    const bytes = Buffer.byteLength(file.content, 'utf8');
    if (bytes > MAX_TEMPLATE_FILE_BYTES) {
      throw invalid(
        `files.${i} (${file.path}) is ${bytes} bytes; the limit is ${MAX_TEMPLATE_FILE_BYTES}`,
      );
    }
    total += bytes;
  }
  if (total > MAX_TEMPLATE_TOTAL_BYTES) {
    throw invalid(`files: ${total} bytes in all; the limit is ${MAX_TEMPLATE_TOTAL_BYTES}`);
  }
}
