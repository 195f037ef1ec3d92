import type { Confidence, JsonValue, Logger, Severity } from '@rampart/core';
import type { HttpClient } from './http/http-client.js';

/** A request the scanner sends. Header names are lower-case. */
export interface DastRequest {
  readonly method: string;
  /** Absolute http(s) URL, query included. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
}

/** What came back. */
export interface DastResponse {
  readonly status: number;
  /** Lower-case names; a repeated header's values joined with `, ` (Set-Cookie apart). */
  readonly headers: ReadonlyMap<string, string>;
  /** Each Set-Cookie header as sent. */
  readonly setCookies: readonly string[];
  /** The body as text (UTF-8, or latin1 for undeclared binary), cut at the client's limit. */
  readonly body: string;
  /** True when the body was longer than the client's limit and was cut. */
  readonly truncated: boolean;
  /** The media type, lower-case, without parameters (`text/html`); `''` when absent. */
  readonly contentType: string;
}

/** One request and its response, as sent (auth headers and cookies included). */
export interface Exchange {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string | undefined;
  };
  readonly response: DastResponse;
  /** Time from sending to the end of the body, in milliseconds. */
  readonly elapsedMs: number;
}

/** Where a parameter travels. */
export type ParamLocation = 'query' | 'form' | 'json' | 'path' | 'header' | 'cookie';

/** One input of an endpoint. */
export interface Param {
  readonly name: string;
  readonly in: ParamLocation;
  /** The value the endpoint was discovered with (a form's default, an OpenAPI example). */
  readonly value: string;
  /**
   * For `json` parameters: the original JSON value when it is not a string (numbers,
   * booleans). `name` is the top-level property.
   */
  readonly json?: JsonValue | undefined;
  /** For `path` parameters: the placeholder in {@link Endpoint.url} (e.g. `{id}`). */
  readonly placeholder?: string | undefined;
}

/** How an endpoint's body is encoded. */
export type BodyType = 'form' | 'json' | 'xml' | 'multipart';

/** Something to test: a method and URL with its inputs. */
export interface Endpoint {
  readonly method: string;
  /**
   * The URL without the query of its `query` params (they are in `params`); path params
   * appear as their placeholders (`/users/{id}`).
   */
  readonly url: string;
  readonly params: readonly Param[];
  readonly bodyType?: BodyType | undefined;
  /** A raw body sample for XML endpoints (from OpenAPI examples or observed traffic). */
  readonly rawBody?: string | undefined;
  /** Where it was found. */
  readonly source: 'crawl' | 'form' | 'script' | 'openapi' | 'browser' | 'start';
}

/** The metadata of one kind of finding a check can report. */
export interface DastRule {
  /** `dast/<name>`, stable: fingerprints and suppressions use it. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly cwe: readonly string[];
  /** OWASP Top 10 2021 id, e.g. `A03:2021`. */
  readonly owasp?: string | undefined;
  /** Markdown. */
  readonly remediation: string;
  readonly references: readonly string[];
}

/** What a check saw; the scanner turns issues into findings. */
export interface DastIssue {
  readonly ruleId: string;
  /** What is wrong here, specifically (one or two sentences). */
  readonly message: string;
  /** high: confirmed by the response (canary, error, callback); medium: differential or timing; low: hint. */
  readonly confidence: Confidence;
  /** Overrides the rule's severity when this instance is worse or milder. */
  readonly severity?: Severity | undefined;
  readonly method: string;
  readonly url: string;
  readonly parameter?: string | undefined;
  /** The payload that proved it, as sent. */
  readonly payload?: string | undefined;
  /** The request and response that show it. */
  readonly exchange?: Exchange | undefined;
  /** The part of the response that proves it (the excerpt is centred on it). */
  readonly proof?: string | undefined;
  /**
   * Issues of the same rule with the same group key become one finding listing the
   * affected URLs (e.g. a missing header on every page of an origin is one finding).
   */
  readonly groupKey?: string | undefined;
  /** Check-specific facts for the finding's properties. */
  readonly details?: Readonly<Record<string, JsonValue>> | undefined;
}

/** What every check gets. */
export interface CheckContext {
  readonly client: HttpClient;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/** Looks at one response the crawler or another check received; sends nothing. */
export interface PassiveCheck {
  readonly id: string;
  readonly rules: readonly DastRule[];
  inspect(exchange: Exchange): readonly DastIssue[];
}

/** What a site check knows about the target after discovery. */
export interface SiteContext extends CheckContext {
  /** The start URL's origin, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  /** Every in-scope URL requested so far (GET pages, scripts, styles). */
  readonly urls: readonly string[];
  /** Whether a URL may be requested (scope). */
  inScope(url: string): boolean;
}

/** Runs once per site after discovery (probes for `.git/`, `.env`, backups, source maps). */
export interface SiteCheck {
  readonly id: string;
  readonly rules: readonly DastRule[];
  run(site: SiteContext): AsyncIterable<DastIssue>;
}

/** Receives out-of-band callbacks (SSRF): only when the target is on this machine. */
export interface CallbackListener {
  /** A URL on the listener unique to `token` (letters and digits). */
  urlFor(token: string): string;
  /** Whether a request for `token` arrived, waiting up to `waitMs` for it. */
  received(token: string, waitMs: number): Promise<boolean>;
}

/** What an active check gets besides the endpoint. */
export interface ActiveContext extends CheckContext {
  /** The endpoint's request with one parameter set to `value` (a JSON value for `json` params). */
  inject(endpoint: Endpoint, param: Param, value: string | JsonValue): DastRequest;
  /** The endpoint as discovered (original values), for baselines. */
  original(endpoint: Endpoint): DastRequest;
  /** A unique, lower-case alphanumeric marker (canaries, callback tokens). */
  marker(): string;
  /** Set when the target is local and the listener runs. */
  readonly callback?: CallbackListener | undefined;
}

/** Sends attacks to one endpoint; only with `--active`. */
export interface ActiveCheck {
  readonly id: string;
  readonly rules: readonly DastRule[];
  /**
   * Set for checks that measure response times: the scanner runs them one request at a
   * time after the others, so no concurrent request (or another check's slow payload)
   * disturbs the timing.
   */
  readonly exclusive?: boolean | undefined;
  run(endpoint: Endpoint, ctx: ActiveContext): AsyncIterable<DastIssue>;
}
