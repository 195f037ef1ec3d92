import { basename } from 'node:path';
import type { IacKind } from './check.js';

/**
 * The kind of file a path is, by name: Dockerfiles, GitHub Actions workflows, and YAML
 * that may be Kubernetes manifests (confirmed by content, see `looksLikeKubernetes`).
 */
export function kindByName(path: string): IacKind | undefined {
  const name = basename(path);
  if (
    /^(?:Dockerfile|Containerfile)(?:\..+)?$/i.test(name) ||
    /\.(?:dockerfile|containerfile)$/i.test(name)
  )
    return 'dockerfile';
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path)) return 'github-actions';
  if (/^\.gitlab-ci\.ya?ml$/i.test(name) || /(?:^|\/)\.gitlab\/ci\/[^/]+\.ya?ml$/i.test(path))
    return 'gitlab-ci';
  if (/\.ya?ml$/i.test(name)) return 'kubernetes';
  if (/\.tf$/i.test(name)) return 'terraform';
  return undefined;
}

/** Kubernetes manifests declare `apiVersion` and `kind` at the top level of a document. */
export function looksLikeKubernetes(text: string): boolean {
  return /^apiVersion:\s*\S/m.test(text) && /^kind:\s*\S/m.test(text);
}

/** Helm and other templates are not YAML until rendered. */
export function isTemplated(text: string): boolean {
  return /\{\{[\s\S]*?\}\}/.test(text);
}
