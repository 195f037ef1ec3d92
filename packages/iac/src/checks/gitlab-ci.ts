import type { Check } from '../check.js';
import { gitlabCurlPipeShell } from './gitlab-curl-pipe-shell/index.js';
import { gitlabForkMrProtectedVariables } from './gitlab-fork-mr-protected-variables/index.js';
import { gitlabSecretEchoed } from './gitlab-secret-echoed/index.js';
import { gitlabUnpinnedImage } from './gitlab-unpinned-image/index.js';

/** The GitLab CI checks. */
export const GITLAB_CI_CHECKS: readonly Check<'gitlab-ci'>[] = [
  gitlabCurlPipeShell,
  gitlabUnpinnedImage,
  gitlabSecretEchoed,
  gitlabForkMrProtectedVariables,
];
