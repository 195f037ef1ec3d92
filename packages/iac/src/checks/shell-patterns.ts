/**
 * A download piped into a shell or interpreter (`curl -fsSL URL | bash`, `wget -O- URL | sudo
 * sh`), as Dockerfile RUN lines and CI scripts write it. Linear: no nested quantifiers.
 */
export const PIPE_TO_SHELL =
  /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:(?:ba|z|da)?sh|python3?|perl|ruby|node)\b/;
