import type { JsonValue } from '@rampart/core';
import { RequestTimeoutError, TransportError } from '../../http/errors.js';
import type { SendOptions } from '../../http/http-client.js';
import type { ActiveContext, DastRequest, Endpoint, Exchange, Param } from '../../types.js';
import {
  chooseDelaySec,
  type DelayVerdict,
  type LatencyBaseline,
  measureBaseline,
  type TimingOptions,
} from './timing.js';

/**
 * Where injection checks put payloads. Headers and cookies are left out: they are rarely
 * fed into queries or shells, and every header probe multiplies the request count.
 */
const INJECTABLE = new Set<Param['in']>(['query', 'form', 'json', 'path']);

/** The parameters of `endpoint` the injection checks test (query, form, JSON and path). */
export function injectableParams(endpoint: Endpoint): readonly Param[] {
  return endpoint.params.filter((p) => INJECTABLE.has(p.in));
}

/**
 * Sends `request`, returning `undefined` when the target could not be reached or timed out,
 * so one failing payload does not end a check. Every other error (the spent budget, a refused
 * request, an abort) propagates.
 */
export async function trySend(
  ctx: ActiveContext,
  request: DastRequest,
  options?: SendOptions,
): Promise<Exchange | undefined> {
  try {
    return await ctx.client.send(request, options);
  } catch (err) {
    if (err instanceof TransportError || err instanceof RequestTimeoutError) return undefined;
    throw err;
  }
}

/** A response reduced to what differential checks compare: its status and body tokens. */
export interface ResponseShape {
  readonly status: number;
  readonly tokens: ReadonlyMap<string, number>;
  readonly size: number;
}

function escapeHtmlText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The spellings a reflected value may take in a body (raw, HTML-, URL- and JSON-escaped). */
const SPELLINGS: readonly ((value: string) => string)[] = [
  (v) => v,
  (v) => escapeHtmlText(v),
  (v) => escapeHtmlText(v).replace(/'/g, '&#39;'),
  (v) => escapeHtmlText(v).replace(/'/g, '&#x27;'),
  (v) => escapeHtmlText(v).replace(/'/g, '&apos;'),
  (v) => encodeURIComponent(v),
  (v) => new URLSearchParams({ v }).toString().slice(2),
  (v) => JSON.stringify(v).slice(1, -1),
];

/**
 * The shape of `exchange`'s response with every reflection of `injected` put back to
 * `original` (in the same spelling), so an application that echoes the payload does not look
 * like it behaves differently from the original request. Values shorter than four characters
 * are left alone: replacing them would rewrite unrelated text.
 */
export function responseShape(exchange: Exchange, injected?: string, original = ''): ResponseShape {
  let body = exchange.response.body;
  if (injected !== undefined && injected.length >= 4) {
    const pairs = SPELLINGS.map((spell) => [spell(injected), spell(original)] as const)
      // Longest first, so a spelling is not half-replaced by a shorter one.
      .sort((a, b) => b[0].length - a[0].length);
    const seen = new Set<string>();
    for (const [from, to] of pairs) {
      if (seen.has(from)) continue;
      seen.add(from);
      body = body.split(from).join(to);
    }
  }
  const tokens = new Map<string, number>();
  let size = 0;
  for (const token of body.split(/[^\p{L}\p{N}_]+/u)) {
    if (token === '') continue;
    tokens.set(token, (tokens.get(token) ?? 0) + 1);
    size++;
  }
  return { status: exchange.response.status, tokens, size };
}

/**
 * How different two responses are, from 0 (same status and the same body tokens) to 1 (a
 * different status, or no token in common): the size of the tokens' multiset difference over
 * both sizes. Token counts make it sensitive to one added table row in a large page, and
 * blind to reordering and whitespace.
 */
export function responseDistance(a: ResponseShape, b: ResponseShape): number {
  if (a.status !== b.status) return 1;
  if (a.size + b.size === 0) return 0;
  let diff = 0;
  for (const [token, count] of a.tokens) diff += Math.abs(count - (b.tokens.get(token) ?? 0));
  for (const [token, count] of b.tokens) if (!a.tokens.has(token)) diff += count;
  return diff / (a.size + b.size);
}

/**
 * Decides "same" and "different" for one endpoint, given the distance between two identical
 * requests (`noise`: dynamic content such as dates and tokens). The two bands do not touch, so
 * a response in between is neither and proves nothing.
 */
export class ResponseComparator {
  constructor(readonly noise: number) {}

  /** Whether the endpoint is too dynamic for differential checks. */
  get unstable(): boolean {
    return this.noise > 0.2;
  }

  /** Within the endpoint's own noise. */
  same(a: ResponseShape, b: ResponseShape): boolean {
    return responseDistance(a, b) <= 1.5 * this.noise + 0.001;
  }

  /** Clearly beyond the endpoint's own noise. */
  differ(a: ResponseShape, b: ResponseShape): boolean {
    return responseDistance(a, b) > 3 * this.noise + 0.002;
  }
}

/** The text of `body` around `needle` (which is kept whole), or `undefined` when absent. */
export function excerptAround(body: string, needle: string, context = 40): string | undefined {
  const at = body.indexOf(needle);
  if (at < 0) return undefined;
  return body.slice(Math.max(0, at - context), at + needle.length + context);
}

/** Whether `value` reads as a number (numeric SQL contexts are only tried for those). */
export function isNumeric(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}

/** The original value of `param` as text (numbers and booleans of JSON bodies included). */
export function originalText(param: Param): string {
  const json: JsonValue | undefined = param.json;
  return json !== undefined && json !== null && typeof json !== 'object'
    ? String(json)
    : param.value;
}

/**
 * What the tests of one endpoint share: its original response, the noise between two
 * original responses, and its latency baseline; each is requested once, when first needed.
 */
export class EndpointBaseline {
  readonly exchanges: Exchange[] = [];
  private comparator: ResponseComparator | undefined;
  private latency: LatencyBaseline | undefined | null = null;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly ctx: ActiveContext,
    private readonly options: TimingOptions = {},
  ) {}

  /** The first original response, or `undefined` when the endpoint does not answer. */
  async first(): Promise<Exchange | undefined> {
    if (this.exchanges.length === 0) {
      const exchange = await trySend(this.ctx, this.ctx.original(this.endpoint));
      if (exchange) this.exchanges.push(exchange);
    }
    return this.exchanges[0];
  }

  /** The comparator, from the noise between two original responses. */
  async compare(): Promise<ResponseComparator | undefined> {
    if (this.comparator) return this.comparator;
    const first = await this.first();
    if (!first) return undefined;
    if (this.exchanges.length < 2) {
      const again = await trySend(this.ctx, this.ctx.original(this.endpoint));
      if (!again) return undefined;
      this.exchanges.push(again);
    }
    const [a, b] = this.exchanges;
    if (!a || !b) return undefined;
    this.comparator = new ResponseComparator(responseDistance(responseShape(a), responseShape(b)));
    return this.comparator;
  }

  /** The latency baseline (reusing the timings of original responses but the first). */
  async timing(): Promise<LatencyBaseline | undefined> {
    if (this.latency === null) {
      this.latency = await measureBaseline(
        this.ctx,
        this.ctx.original(this.endpoint),
        this.options,
        // The first request also paid for the connection and the target's warm-up.
        this.exchanges.slice(1).map((e) => e.elapsedMs),
      );
    }
    return this.latency;
  }
}

/** What a time-based test of one endpoint works with. */
export interface DelayPlan {
  readonly latency: LatencyBaseline;
  readonly delaySec: number;
}

/**
 * The endpoint's latency baseline and the delay to inject, or `undefined` when it does not
 * answer or is too slow or erratic for time-based tests (logged at debug level).
 */
export async function delayPlan(
  check: string,
  endpoint: Endpoint,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
  options: TimingOptions,
): Promise<DelayPlan | undefined> {
  const latency = await baseline.timing();
  if (!latency) return undefined;
  const delaySec = chooseDelaySec(latency, options);
  if (delaySec === undefined) {
    ctx.logger.debug(`${check}: latency too erratic for time-based tests`, {
      url: endpoint.url,
      upperMs: Math.round(latency.upper),
    });
    return undefined;
  }
  return { latency, delaySec };
}

/** The timing facts a time-based finding carries in its details. */
export function timingDetails(plan: DelayPlan, verdict: DelayVerdict): Record<string, JsonValue> {
  return {
    technique: 'time',
    delaySec: plan.delaySec,
    baselineMeanMs: Math.round(plan.latency.mean),
    baselineMaxMs: Math.round(plan.latency.max),
    thresholdMs: Math.round(verdict.thresholdMs),
    observedMs: verdict.observedMs.map((ms) => Math.round(ms)),
  };
}
