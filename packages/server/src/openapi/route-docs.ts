import type { z } from 'zod';

/** Who may call a route, as the OpenAPI document says it (the handler enforces it). */
export type RouteAccess =
  | 'public'
  | 'user'
  | 'ci-token'
  | 'team-reader'
  | 'team-writer'
  | 'security'
  | 'admin'
  | 'org-reader';

/**
 * A route's documentation, attached as `config: docs({...})` when it is registered. The
 * zod schemas are the very ones the handler parses its input with (`parseInput`), so the
 * OpenAPI document at `/api/docs` is generated from what the route really accepts.
 */
export interface RouteDocs {
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A zod schema for a JSON body, or a media description for raw bodies (scan reports). */
  readonly body?: z.ZodType | { readonly raw: string; readonly description: string };
  /** Response status → description (the body shapes are described in prose). */
  readonly responses?: Readonly<Record<number, string>>;
}

/** The route `config` that carries {@link RouteDocs}. */
export interface DocumentedRouteConfig {
  readonly openapi: RouteDocs;
}

/** Wraps a route's documentation for its `config` option. */
export function docs(route: RouteDocs): DocumentedRouteConfig {
  return { openapi: route };
}
