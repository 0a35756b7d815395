import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** A named dependency the service cannot work without; it resolves when reachable. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthDeps {
  checks: Readonly<Record<string, ReadinessCheck>>;
  metrics: Registry;
}

/**
 * /healthz: the process answers (liveness; no dependency is touched, so a Redis outage does not
 * get the container restarted). /readyz: every dependency answers. /metrics: Prometheus text.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(deps.checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          app.log.warn({ check: name, err: error }, 'readiness check failed');
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, state]) => state === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', { config: { access: 'public' } }, async (_request, reply) => {
    const body = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(body);
  });
}
