import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { servicesDown, servicesUp, type ServicesState } from '../../scripts/services/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServicesState;
  }
}

/**
 * Starts the real services once for the integration project, in a fresh data directory:
 * Redis (or REDIS_URL), PostgreSQL (or TEST_DATABASE_URL), Dovecot and the SMTP relay.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-test-'));
  // Dovecot's and PostgreSQL's unprivileged users must be able to reach their folders inside.
  chmodSync(dataDir, 0o755);
  const env = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL };
  const state = await servicesUp({
    dataDir,
    services: ['redis', 'postgres', 'dovecot', 'smtp'],
    env,
  });
  project.provide('services', state);
  return async () => {
    await servicesDown(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
