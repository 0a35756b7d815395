import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../../src/adapters/logger.js';
import { createMetricsRegistry } from '../../../src/adapters/metrics.js';
import { serve, type RunningService } from '../../../src/cli/commands/serve.js';
import { validateConfig } from '../../../src/config/index.js';
import { buildApp } from '../../../src/web/build-app.js';

const services = inject('services');

describe('health, readiness and metrics of a running service', () => {
  let running: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'intake-serve-'));
    const config = validateConfig({
      dataDir,
      redis: { url: services.redis?.url },
      web: { port: 0 },
      log: { level: 'silent' },
    });
    running = await serve(config, 'all');
  });

  afterAll(async () => {
    await running.stop('test finished');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the service runs on embedded defaults, then /healthz answers ok', async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('when Redis and the database answer, then /readyz says ready and names both', async () => {
    const response = await fetch(`${running.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
    });
  });

  it('/metrics serves Prometheus text with the process metrics', async () => {
    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toMatch(
      /^intake_process_cpu_user_seconds_total\{service="signed-intake",role="all"\} /m,
    );
  });
});

describe('readiness when a dependency is down', () => {
  it('when Redis does not answer, then /readyz is 503 and names it, while /healthz stays 200', async () => {
    const app = buildApp({
      logger: createLogger({ level: 'silent' }),
      metrics: createMetricsRegistry('test'),
      checks: {
        database: async () => undefined,
        redis: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      status: 'not ready',
      checks: { database: 'ok', redis: 'unavailable' },
    });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
