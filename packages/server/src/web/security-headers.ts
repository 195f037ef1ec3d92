import type { FastifyInstance } from 'fastify';
import { type CookiePolicy, requestIsHttps } from '../auth/cookies.js';

/**
 * The Content-Security-Policy of every response. The dashboard is a Vite build: its scripts
 * and styles are files of this origin (no inline script or style, no `eval`), it talks only
 * to this hub, and no other host is ever contacted. `default-src 'none'` closes what is not
 * named (objects, frames, media, workers fall back to `script-src 'self'`); `data:` images
 * are the icons bundlers inline in CSS; `frame-ancestors 'none'` forbids framing (with
 * X-Frame-Options for old browsers).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The headers of every response, API and dashboard alike. The referrer is never sent: the
 * dashboard's URLs name projects and filters, and findings link to outside advisories
 * (the CSRF defence is the `x-csrf-token` header, which does not need a Referer or Origin).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The dashboard uses none of these powerful features: nothing on the page may ask for them.
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** HSTS for a year, sent only on HTTPS (a browser ignores it on plain HTTP anyway). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * Adds {@link SECURITY_HEADERS} to every response (a route may set its own value first),
 * and `Strict-Transport-Security` when the request came over HTTPS, directly or through a
 * trusted proxy (`trustProxy` and `x-forwarded-proto`), as the session cookie's Secure flag
 * decides.
 */
export function registerSecurityHeaders(app: FastifyInstance, policy: CookiePolicy): void {
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (requestIsHttps(request, policy) && !reply.hasHeader('strict-transport-security')) {
      reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    }
  });
}
