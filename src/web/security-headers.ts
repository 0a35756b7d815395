import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Headers on every response. The dashboard's pages use no inline script or style: everything is
 * served from /assets, so the policy needs neither `unsafe-inline` nor `unsafe-eval`. The
 * verifier's standalone report and the queue board set their own, narrower exceptions.
 */
export const DEFAULT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', DEFAULT_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** A page that carries its own inline style (the verifier's report): allow exactly that style. */
export function allowInlineStyleHash(reply: FastifyReply, sha256Base64: string): void {
  reply.header(
    'content-security-policy',
    DEFAULT_CSP.replace("style-src 'self'", `style-src 'sha256-${sha256Base64}'`).replace(
      "script-src 'self'",
      "script-src 'none'",
    ),
  );
}
