import type { ImapFlow } from 'imapflow';
import type { Logger } from '../adapters/logger.js';
import type { MailboxConfig } from '../config/index.js';
import type { BlobStore, Database } from '../store/index.js';
import {
  advanceMailboxPosition,
  markMessageQueued,
  recordIncomingMessage,
  setMessageStatus,
  syncMailboxPosition,
} from '../store/index.js';
import { contentKey } from './content-key.js';
import { parseMail } from './parse-mail.js';

/** Messages taken in per poll; the rest wait for the next round, so one poll stays short. */
export const MAX_MESSAGES_PER_POLL = 200;
/** The ledger needs only the headers; they sit at the start, so the parse reads no further. */
const HEADER_PARSE_BYTES = 256 * 1024;
/** With `after: flag` the mail stays in the folder; this keyword (not \Seen, which people set by reading) marks it taken. */
export const TAKEN_KEYWORD = '$IntakeTaken';

export interface PollDeps {
  client: ImapFlow;
  mailbox: MailboxConfig;
  db: Database;
  blobs: BlobStore;
  /** Hands a stored message to the pipeline; must be idempotent (deterministic job id). */
  enqueue: (messageId: string) => Promise<void>;
  maxMailBytes: number;
  logger: Logger;
}

export interface PollResult {
  listed: number;
  taken: number;
  duplicates: number;
  oversize: number;
  /** More mail was waiting than one pass takes: the watcher starts the next pass at once. */
  more?: boolean;
}

/**
 * Downloads one message into the blob store. Mail within the size limit is read into memory (it
 * is parsed next); larger mail is streamed to disk so that a huge message cannot exhaust memory,
 * and only its header block is read.
 */
async function takeMessage(
  deps: PollDeps,
  uid: number,
  listedSize: number,
): Promise<
  | {
      blob: { sha256: string; size: number };
      contentSha256: string;
      headers: {
        messageId?: string | undefined;
        from?: string | undefined;
        subject?: string | undefined;
      };
    }
  | undefined
> {
  const { client } = deps;
  if (listedSize > deps.maxMailBytes) {
    const head = await client.fetchOne(String(uid), { headers: true }, { uid: true });
    const download = await client.download(String(uid), undefined, { uid: true });
    if (!head || !('content' in download) || !download.content) return undefined;
    const blob = await deps.blobs.putStream(download.content);
    const headers = await parseMail(
      new Uint8Array(Buffer.concat([head.headers ?? Buffer.alloc(0), Buffer.from('\r\n')])),
    );
    // Not processed, so not deduplicated by body: the whole message's hash stands in.
    return { blob, contentSha256: blob.sha256, headers };
  }
  const fetched = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (!fetched || !fetched.source) return undefined;
  const raw = new Uint8Array(fetched.source);
  const blob = await deps.blobs.put(raw);
  const headers = await parseMail(raw.subarray(0, Math.min(raw.byteLength, HEADER_PARSE_BYTES)));
  return { blob, contentSha256: contentKey(raw), headers };
}

/**
 * One pass over a mailbox. UIDs and sizes are listed first and bodies downloaded after the fetch
 * ends (imapflow deadlocks on commands sent inside a fetch loop). For each message, in this order:
 * raw bytes to the blob store, a ledger row, the pipeline job, then the move to Processed (or the
 * \Seen flag). A crash anywhere leaves the message in the folder and the next pass finishes it;
 * the ledger's keys make every repetition a no-op.
 */
export async function pollMailboxOnce(deps: PollDeps): Promise<PollResult> {
  const { client, mailbox, db } = deps;
  const result: PollResult = { listed: 0, taken: 0, duplicates: 0, oversize: 0 };
  const lock = await client.getMailboxLock(mailbox.folder);
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`mailbox ${mailbox.folder} is not open`);
    const uidvalidity = Number(opened.uidValidity);
    const position = await syncMailboxPosition(db, mailbox.name, uidvalidity);
    if (position.reset)
      deps.logger.warn(
        { mailbox: mailbox.name, uidvalidity },
        'UIDVALIDITY changed: rescanning the folder',
      );
    if (opened.exists === 0) return result;
    // Mail still in the folder is unfinished whatever its UID (moved mail is gone from here), so
    // list everything, not only UIDs above the last seen one: a crash before the move is healed.
    const listed = (
      await client.fetchAll('1:*', { uid: true, size: true, flags: true }, { uid: false })
    ).filter((m) => m.uid > 0 && !m.flags?.has(TAKEN_KEYWORD));
    result.listed = listed.length;
    result.more = listed.length > MAX_MESSAGES_PER_POLL;
    for (const item of listed.slice(0, MAX_MESSAGES_PER_POLL)) {
      const taken = await takeMessage(deps, item.uid, item.size ?? 0);
      if (!taken) continue;
      const recorded = await recordIncomingMessage(db, {
        mailbox: mailbox.name,
        uidvalidity,
        uid: item.uid,
        messageId: taken.headers.messageId,
        rawSha256: taken.blob.sha256,
        contentSha256: taken.contentSha256,
        size: taken.blob.size,
        from: taken.headers.from,
        subject: taken.headers.subject,
      });
      if (recorded.outcome === 'duplicate') {
        result.duplicates += 1;
      } else if (taken.blob.size > deps.maxMailBytes) {
        if (recorded.outcome === 'new')
          await setMessageStatus(
            db,
            recorded.id,
            'oversize',
            `the mail is ${taken.blob.size} bytes; the limit is ${deps.maxMailBytes}`,
          );
        // Not read, but handed on: the intake stage tells the sender, once.
        await deps.enqueue(recorded.id);
        result.oversize += 1;
      } else if (
        recorded.outcome === 'new' ||
        (recorded.outcome === 'already-recorded' && recorded.status === 'stored')
      ) {
        await deps.enqueue(recorded.id);
        await markMessageQueued(db, recorded.id);
      }
      if (mailbox.after === 'move')
        await client.messageMove(String(item.uid), mailbox.processedFolder, { uid: true });
      else await client.messageFlagsAdd(String(item.uid), [TAKEN_KEYWORD], { uid: true });
      await advanceMailboxPosition(db, mailbox.name, item.uid);
      result.taken += 1;
      deps.logger.info(
        {
          mailbox: mailbox.name,
          uid: item.uid,
          message: recorded.id,
          outcome: recorded.outcome,
          blob: taken.blob.sha256.slice(0, 12),
        },
        'mail taken in',
      );
    }
  } finally {
    lock.release();
  }
  return result;
}
