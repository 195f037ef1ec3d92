import type { Check } from '../check.js';
import { dockerAddRemoteUrl } from './docker-add-remote-url/index.js';
import { dockerCurlPipeShell } from './docker-curl-pipe-shell/index.js';
import { dockerImageNotPinned } from './docker-image-not-pinned/index.js';
import { dockerMissingHealthcheck } from './docker-missing-healthcheck/index.js';
import { dockerRunsAsRoot } from './docker-runs-as-root/index.js';
import { dockerSecretInEnvArg } from './docker-secret-in-env-arg/index.js';
import { dockerSshExposed } from './docker-ssh-exposed/index.js';
import { dockerSudo } from './docker-sudo/index.js';
import { dockerUnpinnedPackages } from './docker-unpinned-packages/index.js';

/** The Dockerfile checks. */
export const DOCKERFILE_CHECKS: readonly Check<'dockerfile'>[] = [
  dockerRunsAsRoot,
  dockerImageNotPinned,
  dockerAddRemoteUrl,
  dockerCurlPipeShell,
  dockerSecretInEnvArg,
  dockerSudo,
  dockerSshExposed,
  dockerUnpinnedPackages,
  dockerMissingHealthcheck,
];
