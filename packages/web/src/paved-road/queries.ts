import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api/client.js';
import type {
  Catalog,
  CiKind,
  Comparison,
  Exposure,
  Gaps,
  PatchOp,
  ProjectScorecard,
  RevisionDetail,
  RevisionSummary,
  Scores,
  TemplateDetail,
  TemplateFile,
  TemplateSummary,
} from './types.js';

const CATALOG = '/api/v1/paved-road';
const templatePath = (name: string) => `${CATALOG}/templates/${encodeURIComponent(name)}`;

/** The current catalog revision. */
export function useCatalog() {
  return useQuery({
    queryKey: ['paved-road', 'catalog'],
    queryFn: ({ signal }) => api<Catalog>(CATALOG, { signal }),
  });
}

/** The catalog's revisions, newest first. */
export function useRevisions() {
  return useQuery({
    queryKey: ['paved-road', 'revisions'],
    queryFn: ({ signal }) =>
      api<{ revisions: readonly RevisionSummary[] }>(`${CATALOG}/revisions`, { signal }),
    select: (answer) => answer.revisions,
  });
}

/** One revision with its line diff against the previous one. */
export function useRevision(revision: number | undefined) {
  return useQuery({
    queryKey: ['paved-road', 'revision', revision],
    enabled: revision !== undefined,
    queryFn: ({ signal }) =>
      api<RevisionDetail>(`${CATALOG}/revisions/${revision ?? 0}`, { signal }),
  });
}

/**
 * Changes the catalog: `patch` edits the YAML document (the forms), `put` replaces it (the
 * editor). Either answers the new current revision; the catalog and everything derived from
 * it (history, scorecards' fixes) is then stale.
 */
export function useCatalogChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | {
            kind: 'patch';
            ops: readonly PatchOp[];
            comment?: string;
            baseRevision: number | null;
          }
        | { kind: 'put'; yaml: string; comment?: string; baseRevision: number | null },
    ) =>
      api<Catalog>(CATALOG, {
        method: change.kind === 'patch' ? 'PATCH' : 'PUT',
        body:
          change.kind === 'patch'
            ? {
                ops: change.ops,
                baseRevision: change.baseRevision,
                ...(change.comment ? { comment: change.comment } : {}),
              }
            : {
                yaml: change.yaml,
                baseRevision: change.baseRevision,
                ...(change.comment ? { comment: change.comment } : {}),
              },
      }),
    onSuccess: (catalog) => {
      client.setQueryData(['paved-road', 'catalog'], catalog);
      void client.invalidateQueries({ queryKey: ['paved-road'] });
    },
  });
}

/** The organisation templates (latest version of each). */
export function useTemplates() {
  return useQuery({
    queryKey: ['paved-road', 'templates'],
    queryFn: ({ signal }) =>
      api<{ templates: readonly TemplateSummary[] }>(`${CATALOG}/templates`, { signal }),
    select: (answer) => answer.templates,
  });
}

/** One template's files (its latest non-deprecated version unless `version`). */
export function useTemplate(name: string | undefined, version?: string) {
  return useQuery({
    queryKey: ['paved-road', 'template', name, version ?? null],
    enabled: name !== undefined,
    queryFn: ({ signal }) =>
      api<TemplateDetail>(withQuery(templatePath(name ?? ''), { version }), { signal }),
  });
}

/** Publishes a new version of a template (security, admin). */
export function usePublishTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (t: {
      name: string;
      version: string;
      ci: CiKind;
      description: string;
      files: readonly TemplateFile[];
    }) =>
      api<TemplateDetail>(`${templatePath(t.name)}/versions`, {
        method: 'POST',
        body: { version: t.version, ci: t.ci, description: t.description, files: t.files },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['paved-road'] }),
  });
}

/** Marks a template (all its versions' latest) deprecated or not. */
export function useDeprecateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (t: { name: string; deprecated: boolean }) =>
      api(`${templatePath(t.name)}/deprecated`, {
        method: 'PUT',
        body: { deprecated: t.deprecated },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['paved-road'] }),
  });
}

/** The organisation's, teams' and projects' adherence scores. */
export function useScores(teamId: string | undefined) {
  return useQuery({
    queryKey: ['paved-road', 'scores', teamId ?? null],
    queryFn: ({ signal }) => api<Scores>(withQuery(`${CATALOG}/scores`, { teamId }), { signal }),
  });
}

/** The biggest gaps: failing checks by how many projects fail them. */
export function useGaps(teamId: string | undefined) {
  return useQuery({
    queryKey: ['paved-road', 'gaps', teamId ?? null],
    queryFn: ({ signal }) => api<Gaps>(withQuery(`${CATALOG}/gaps`, { teamId }), { signal }),
  });
}

/** On-road against off-road projects. */
export function useComparison(threshold: number, days: number, teamId: string | undefined) {
  return useQuery({
    queryKey: ['paved-road', 'comparison', threshold, days, teamId ?? null],
    queryFn: ({ signal }) =>
      api<Comparison>(withQuery(`${CATALOG}/comparison`, { threshold, days, teamId }), {
        signal,
      }),
  });
}

const scorecardKey = (projectId: string) => ['paved-road', 'project', projectId] as const;

/** A project's scorecard. */
export function useProjectScorecard(projectId: string) {
  return useQuery({
    queryKey: scorecardKey(projectId),
    queryFn: ({ signal }) =>
      api<ProjectScorecard>(`/api/v1/projects/${encodeURIComponent(projectId)}/paved-road`, {
        signal,
      }),
  });
}

/** Sets a project's exposure (internet-facing services need a threat model). */
export function useSetExposure(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (exposure: Exposure) =>
      api<ProjectScorecard>(`/api/v1/projects/${encodeURIComponent(projectId)}/exposure`, {
        method: 'PUT',
        body: { exposure },
      }),
    onSuccess: (card) => {
      if (card && typeof card === 'object' && 'checks' in card) {
        client.setQueryData(scorecardKey(projectId), card);
      }
      void client.invalidateQueries({ queryKey: ['paved-road'] });
    },
  });
}
