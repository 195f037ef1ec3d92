import type { Server } from 'node:http';

/** A running vulnerable app. */
export interface VulnerableApp {
  /** The home page, e.g. `http://127.0.0.1:40123/` (always ends with `/`). */
  readonly url: string;
  /** The HTTP server (benchmarks count its requests). */
  readonly server: Server;
  /** Stops the server and its SQL worker. */
  close(): Promise<void>;
}

/** Options of {@link startVulnerableApp}. */
export interface StartVulnerableAppOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number | undefined;
  /** A loopback address only (`127.0.0.1`, the default, `::1` or `localhost`). */
  readonly host?: string | undefined;
}

/** Starts the deliberately vulnerable app on a loopback address. */
export declare function startVulnerableApp(
  options?: StartVulnerableAppOptions,
): Promise<VulnerableApp>;
