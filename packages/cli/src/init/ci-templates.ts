/**
 * The pipelines `rampart init --ci` writes. They hold themselves to Rampart's own pipeline
 * checks: least-privilege token permissions, every action pinned by commit SHA (with the
 * version in a comment for people and for Renovate/Dependabot), no `${{ }}` expression in
 * a script, images pinned by digest. A test scans every template with the iac scanner.
 */

/** Actions the GitHub workflow uses, pinned by commit (the tag they were taken from). */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0',
  uploadSarif:
    'github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7 # v4.31.9',
} as const;

/** The image of the GitLab job: Node 20 on Debian with git (--diff-base needs it), pinned by digest (override with --image). */
export const DEFAULT_GITLAB_IMAGE =
  'node:20-bookworm@sha256:8f693eaa7e0a8e71560c9a82b55fd54c2ae920a2ba5d2cde28bac7d1c01c9ba5';

/** What a template needs to know. */
export interface TemplateOptions {
  /** The CLI package and version to run, e.g. `@rampart/cli@0.1.0`. */
  readonly cli: string;
  /** The repository's default branch. */
  readonly defaultBranch: string;
}

/** `.github/workflows/rampart.yml`. */
export function githubWorkflow(options: TemplateOptions): string {
  const rampart = `npx --yes ${options.cli}`;
  return `# Rampart: security checks on every pull request and on ${options.defaultBranch}.
# Pull requests are gated on what they introduce (--diff-base); results go to code
# scanning (SARIF) and to one comment on the pull request, updated on every push.
# Written by \`rampart init --ci github\`; docs: docs/ci.md in the Rampart repository.
name: rampart
on:
  pull_request:
  push:
    branches: [${options.defaultBranch}]
permissions:
  contents: read
concurrency:
  group: rampart-\${{ github.ref }}
  cancel-in-progress: true
jobs:
  scan:
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    permissions:
      contents: read
      security-events: write # upload SARIF to code scanning
      pull-requests: write # the pull request comment
    steps:
      - uses: ${PINNED_ACTIONS.checkout}
        with:
          fetch-depth: 0 # --diff-base needs the merge base
          persist-credentials: false
      - uses: ${PINNED_ACTIONS.setupNode}
        with:
          node-version: 20
      - name: Vulnerability database
        run: ${rampart} db update
      - name: Scan
        id: scan
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          set +e
          if [ -n "$BASE_REF" ]; then
            ${rampart} scan --diff-base "origin/$BASE_REF" --format json --output rampart.json
          else
            ${rampart} scan --format json --output rampart.json
          fi
          echo "status=$?" >> "$GITHUB_OUTPUT"
      # A pull request from a fork gets a read-only token: no upload, no comment (the gate
      # below still decides).
      - name: SARIF for code scanning
        if: \${{ !cancelled() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}
        run: ${rampart} import rampart.json --from rampart --format sarif --output rampart.sarif
      - uses: ${PINNED_ACTIONS.uploadSarif}
        if: \${{ !cancelled() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}
        with:
          sarif_file: rampart.sarif
          category: rampart
      - name: Comment on the pull request
        if: \${{ !cancelled() && github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository }}
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: ${rampart} comment --github --report rampart.json
      - name: Gate
        env:
          STATUS: \${{ steps.scan.outputs.status }}
        run: exit "$STATUS"
`;
}

/** The GitLab CI jobs (a whole `.gitlab-ci.yml`, or a file to include). */
export function gitlabPipeline(options: TemplateOptions & { readonly image: string }): string {
  const rampart = `npx --yes ${options.cli}`;
  return `# Rampart: security checks on every merge request and on ${options.defaultBranch}.
# Merge requests are gated on what they introduce (--diff-base); results go to a JUnit test
# report and, for merge requests from this project, to one comment on the merge request
# (set RAMPART_GITLAB_TOKEN, a project access token with the api scope, as a masked CI/CD
# variable). The token is only ever in the comment job, which never runs for forks: a
# fork's merge request can change the scripts of the jobs it runs.
# Written by \`rampart init --ci gitlab\`; docs: docs/ci.md in the Rampart repository.
rampart:
  image: ${options.image}
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  variables:
    GIT_DEPTH: "0" # --diff-base needs the merge base
  script:
    - ${rampart} db update
    - |
      set +e
      if [ -n "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" ]; then
        git fetch --quiet origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
        ${rampart} scan --diff-base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format json --output rampart.json
      else
        ${rampart} scan --format json --output rampart.json
      fi
      status=$?
      set -e
      ${rampart} import rampart.json --from rampart --format junit --output rampart-junit.xml
      exit $status
  artifacts:
    when: always
    paths: [rampart.json]
    reports:
      junit: rampart-junit.xml

rampart-comment:
  image: ${options.image}
  stage: test
  needs:
    - job: rampart
      artifacts: true
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID
      when: always
  script:
    - ${rampart} comment --gitlab --report rampart.json
`;
}

/** The starter `rampart.yml`. */
export function starterConfig(): string {
  return `# Rampart's settings for this repository; every key is explained in docs/configuration.md
# of the Rampart repository (its JSON Schema: @rampart/core/schemas/rampart-config.schema.json).
version: 1
# Fail the build on findings at or above this severity (pull requests: only new ones).
failOn: high
# Paths never scanned (gitignore syntax), besides .gitignore and .rampartignore.
exclude: []
# Who PR comments point to for help, and where findings link to learn about their CWE.
# team:
#   name: payments
#   champion: "@alice"
# training:
#   url: https://hub.example.com/training/cwe/{cwe}
# The organisation's paved road (approved images and libraries, CI template, scanners).
# pavedRoad: https://hub.example.com/api/v1/paved-road.yml
`;
}
