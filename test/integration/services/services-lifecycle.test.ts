import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  readState,
  servicesDown,
  servicesStatus,
  servicesUp,
} from '../../../scripts/services/index.js';
import { isAlive } from '../../../scripts/services/process-tools.js';

describe('scripts/services', () => {
  it('when up starts Redis, Dovecot and the SMTP relay, then down stops every one of them by pid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-svc-'));
    chmodSync(dataDir, 0o755);
    try {
      // No REDIS_URL: the script must start its own Redis even when one runs on the default port.
      const state = await servicesUp({ dataDir, services: ['redis', 'dovecot', 'smtp'], env: {} });
      const pids = [state.redis?.pid, state.dovecot?.pid, state.smtp?.pid];
      expect(pids.every((pid) => typeof pid === 'number' && isAlive(pid))).toBe(true);
      expect(readState(dataDir)?.dovecot?.imapPort).toBe(state.dovecot?.imapPort);
      expect(servicesStatus(dataDir).smtp).toMatch(/^running pid/);

      // A second up reuses what runs instead of starting duplicates.
      const again = await servicesUp({ dataDir, services: ['redis', 'dovecot', 'smtp'], env: {} });
      expect(again.redis?.pid).toBe(state.redis?.pid);
      expect(again.dovecot?.pid).toBe(state.dovecot?.pid);

      expect(await servicesDown(dataDir)).toEqual(['smtp', 'dovecot', 'redis']);
      expect(pids.filter((pid) => pid !== undefined && isAlive(pid))).toEqual([]);
      expect(existsSync(join(dataDir, 'services', 'state.json'))).toBe(false);
    } finally {
      await servicesDown(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('when REDIS_URL points at a reachable Redis, then up uses it and down leaves it running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-svc-'));
    const external = inject('services').redis?.url;
    try {
      const state = await servicesUp({
        dataDir,
        services: ['redis'],
        env: { REDIS_URL: external },
      });
      expect(state.redis).toEqual({ url: external });
      expect(await servicesDown(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
