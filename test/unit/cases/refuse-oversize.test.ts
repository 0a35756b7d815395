import { describe, expect, it } from 'vitest';
import { refuseOversize } from '../../../src/cases/index.js';
import { contextOn, memoryStore } from './memory-case-store.js';

describe('mail over the size limit', () => {
  const mail = {
    messageId: '501',
    from: 'iestade@institution-a.test',
    subject: 'Liels pielikums',
    size: 52 * 1024 * 1024,
    limit: 40 * 1024 * 1024,
  };

  it('when an oversize mail is handed on, then the sender is told once why, on a closed case staff can find', async () => {
    const store = memoryStore();
    const kase = await refuseOversize(contextOn(store), mail);
    expect(kase).toMatchObject({ procedure: 'support', state: 'closed' });
    expect(store.outbox).toHaveLength(1);
    expect(store.outbox[0]).toMatchObject({
      kind: 'refusal',
      recipient: 'iestade@institution-a.test',
    });
    expect(String(store.outbox[0]?.data['reasons'])).toMatch(/52\.0 MB.*larger than 40\.0 MB/);

    // The job runs again (a retry, a stalled worker): nothing new, the same case.
    const again = await refuseOversize(contextOn(store), mail);
    expect(again.id).toBe(kase.id);
    expect(store.outbox).toHaveLength(1);
  });

  it('when the oversize mail has no sender address, then the case records that it could not be answered', async () => {
    const store = memoryStore();
    await refuseOversize(contextOn(store), { ...mail, messageId: '502', from: null });
    expect(store.outbox).toEqual([]);
    expect(store.events.map((e) => e.kind)).toContain('answer-not-addressed');
  });
});
