import { describe, expect, it } from 'vitest';
import {
  advanceMailboxPosition,
  getMessage,
  recordIncomingMessage,
  setMessageStatus,
  syncMailboxPosition,
  type IncomingMessage,
} from '../../../src/store/index.js';
import { testDatabases } from '../../support/databases.js';

const mail = (overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  mailbox: 'e-address',
  uidvalidity: 1700000000,
  uid: 1,
  messageId: '<form-1@institution-a.test>',
  rawSha256: 'a'.repeat(64),
  contentSha256: 'b'.repeat(64),
  size: 1234,
  from: 'iestade@institution-a.test',
  subject: 'Reģistrācija',
  ...overrides,
});

describe.each(testDatabases())('mail ledger on $name', ({ open }) => {
  it('when the same UID is recorded twice (a retry after a crash), then the second call finds the first', async () => {
    const { db, close } = await open();
    try {
      await syncMailboxPosition(db, 'e-address', 1700000000);
      const first = await recordIncomingMessage(db, mail());
      expect(first.outcome).toBe('new');
      await setMessageStatus(db, first.id, 'queued');
      expect(await recordIncomingMessage(db, mail())).toEqual({
        outcome: 'already-recorded',
        id: first.id,
        status: 'queued',
      });
      expect((await db.query('SELECT 1 FROM messages')).rowCount).toBe(1);
    } finally {
      await close();
    }
  });

  it('when the same mail is delivered again under another UID, then it is recorded as a duplicate of the first and not processed', async () => {
    const { db, close } = await open();
    try {
      await syncMailboxPosition(db, 'e-address', 1700000000);
      const first = await recordIncomingMessage(db, mail());
      const second = await recordIncomingMessage(db, mail({ uid: 2, rawSha256: 'c'.repeat(64) }));
      expect(second).toMatchObject({ outcome: 'duplicate', duplicateOf: first.id });
      expect(await getMessage(db, second.id)).toMatchObject({
        status: 'duplicate',
        duplicateOf: first.id,
      });
    } finally {
      await close();
    }
  });

  it('when a Message-ID is reused with a different body, then it is a new message, not a duplicate', async () => {
    const { db, close } = await open();
    try {
      await syncMailboxPosition(db, 'e-address', 1700000000);
      await recordIncomingMessage(db, mail());
      expect(
        (await recordIncomingMessage(db, mail({ uid: 2, contentSha256: 'd'.repeat(64) }))).outcome,
      ).toBe('new');
    } finally {
      await close();
    }
  });

  it('when UIDVALIDITY changes, then the position resets for a rescan and old mail is recognised by its second keys', async () => {
    const { db, close } = await open();
    try {
      expect(await syncMailboxPosition(db, 'e-address', 1700000000)).toEqual({
        uidvalidity: 1700000000,
        lastSeenUid: 0,
        reset: false,
      });
      const first = await recordIncomingMessage(db, mail({ uid: 7 }));
      await advanceMailboxPosition(db, 'e-address', 7);
      await advanceMailboxPosition(db, 'e-address', 3);
      expect(await syncMailboxPosition(db, 'e-address', 1700000000)).toMatchObject({
        lastSeenUid: 7,
        reset: false,
      });
      expect(await syncMailboxPosition(db, 'e-address', 1800000000)).toEqual({
        uidvalidity: 1800000000,
        lastSeenUid: 0,
        reset: true,
      });
      expect(
        await recordIncomingMessage(db, mail({ uidvalidity: 1800000000, uid: 1 })),
      ).toMatchObject({ outcome: 'duplicate', duplicateOf: first.id });
    } finally {
      await close();
    }
  });

  it('when two pollers record the same mail at once, then exactly one gets it as new', async () => {
    const { db, close } = await open();
    try {
      await syncMailboxPosition(db, 'e-address', 1700000000);
      const outcomes = await Promise.all([
        recordIncomingMessage(db, mail({ uid: 10 })),
        recordIncomingMessage(db, mail({ uid: 11 })),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'new']);
    } finally {
      await close();
    }
  });
});

describe.each(testDatabases())('mail without a Message-ID on $name', ({ open }) => {
  it('when it is seen again under a new UID, then the sender and body recognise it', async () => {
    const { db, close } = await open();
    try {
      await syncMailboxPosition(db, 'e-address', 1);
      const first = await recordIncomingMessage(
        db,
        mail({ uidvalidity: 1, uid: 1, messageId: undefined }),
      );
      expect(first.outcome).toBe('new');
      expect(
        await recordIncomingMessage(db, mail({ uidvalidity: 1, uid: 2, messageId: undefined })),
      ).toMatchObject({ outcome: 'duplicate', duplicateOf: first.id });
      expect(
        (
          await recordIncomingMessage(
            db,
            mail({ uidvalidity: 1, uid: 3, messageId: undefined, from: 'cits@institution-b.test' }),
          )
        ).outcome,
      ).toBe('new');
    } finally {
      await close();
    }
  });
});
