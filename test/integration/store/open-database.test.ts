import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { appendAudit, listAudit, openDatabase } from '../../../src/store/index.js';

describe('embedded default database', () => {
  it('when no database URL is configured, then PGlite keeps the data in the data directory across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-pglite-'));
    try {
      const config = validateConfig({ dataDir });
      const first = await openDatabase(config);
      expect(first.kind).toBe('pglite');
      await appendAudit(first, { actor: 'system', action: 'kept', subject: 'restart' });
      await first.close();

      const second = await openDatabase(config);
      expect((await listAudit(second, 'restart')).map((e) => e.action)).toEqual(['kept']);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('regression: a data directory that does not exist yet (a CLI command before any serve) is created', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'intake-pglite-fresh-'));
    try {
      const db = await openDatabase(validateConfig({ dataDir: join(parent, 'not', 'yet') }));
      expect(db.kind).toBe('pglite');
      await db.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
