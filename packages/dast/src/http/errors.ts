/** The request budget (`--max-requests`) is spent: discovery and checks stop where they are. */
export class BudgetExhaustedError extends Error {
  constructor(readonly limit: number) {
    super(`the request budget of ${limit} is spent`);
    this.name = 'BudgetExhaustedError';
  }
}

/** A request timed out; `elapsedMs` is how long it waited (time-based checks read it). */
export class RequestTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly elapsedMs: number,
  ) {
    super(`${url}: no complete response after ${Math.round(elapsedMs)} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** A request the safety rules forbid (out of scope, or a destructive method not allowed). */
export class RefusedRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedRequestError';
  }
}

/** The target could not be reached at all (connection refused, DNS, TLS). */
export class TransportError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'TransportError';
  }
}
