import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideAnswerCommand, listAnswersCommand } from '../../../src/cli/commands/answers.js';
import { validateConfig } from '../../../src/config/index.js';
import { listAudit, moveOutbox, openDatabase, sqlCaseStore } from '../../../src/store/index.js';

/** Staff settle the answers the pipeline could not: each decision recorded on the case and audited. */
const dir = mkdtempSync(join(tmpdir(), 'intake-answers-cli-'));
const config = validateConfig({ dataDir: dir, log: { level: 'silent' } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seed(status: 'held' | 'unconfirmed'): Promise<string> {
  const db = await openDatabase(config);
  try {
    const store = sqlCaseStore(db, { messageIdDomain: 'agency.test' });
    const kase = await store.openCase(
      { procedure: 'support', state: 'open', number: `ATB-2026-${status}`, language: 'lv' },
      { kind: 'ticket-opened', actor: 'system' },
    );
    await store.queueAnswer(kase.id, {
      kind: 'ticket-acknowledgement',
      dedupeKey: `ack:${status}`,
      recipient: 'iestade@institution-a.test',
      language: 'lv',
      data: { caseNumber: kase.number },
    });
    const id =
      (
        await db.query<{ id: string }>('SELECT id::text AS id FROM outbox WHERE dedupe_key = $1', [
          `ack:${status}`,
        ])
      ).rows[0]?.id ?? '';
    if (status === 'unconfirmed') await moveOutbox(db, id, ['pending'], 'sending');
    await moveOutbox(db, id, ['pending', 'sending'], status, 'test');
    return id;
  } finally {
    await db.close();
  }
}

describe('intake answers', () => {
  it('when staff release a held answer, then it is pending again, the case and the audit log say who did it', async () => {
    const id = await seed('held');
    expect(await listAnswersCommand(config, 'held')).toContain('ticket-acknowledgement');
    expect(await decideAnswerCommand(config, 'release', id, 'inga')).toMatch(/held → pending/);
    const db = await openDatabase(config);
    try {
      const status = (
        await db.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [id])
      ).rows[0]?.status;
      expect(status).toBe('pending');
      const events = await db.query<{ kind: string; actor: string }>(
        "SELECT kind, actor FROM case_events WHERE kind = 'answer-released'",
      );
      expect(events.rows).toEqual([{ kind: 'answer-released', actor: 'staff:inga' }]);
      // In the case's audit log, where the dashboard shows it.
      expect((await listAudit(db, 'case:ATB-2026-held'))[0]).toMatchObject({
        actor: 'staff:inga',
        action: 'answer.release',
        before: { answer: id, status: 'held' },
        after: { answer: id, status: 'pending' },
      });
    } finally {
      await db.close();
    }
  });

  it('when staff mark an answer sent that is not unconfirmed, then it is refused with the reason and nothing changes', async () => {
    const id = await seed('unconfirmed');
    // Staff find the answer in the relay's log by its Message-ID, so the list shows it.
    expect(await listAnswersCommand(config, 'unconfirmed')).toMatch(
      /Message-ID <?[^\s>]+@[^\s>]+>? \(look for it in the relay's log\)/,
    );
    expect(await decideAnswerCommand(config, 'mark-sent', id, 'inga')).toMatch(
      /unconfirmed → sent/,
    );
    await expect(decideAnswerCommand(config, 'mark-sent', id, 'inga')).rejects.toThrow(
      /is sent; mark-sent applies to unconfirmed/,
    );
    await expect(listAnswersCommand(config, 'lost')).rejects.toThrow(/--status must be one of/);
  });
});
