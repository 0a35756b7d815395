import { ImapFlow } from 'imapflow';
import type { MailboxConfig } from '../config/index.js';

/** The agency keeps a copy of every answer in the mailbox's Sent folder, as a mail client would. */
export const SENT_FOLDER = 'Sent';

/**
 * Appends the exact bytes that were sent, unless a message with this Message-ID is already
 * there (a retry after a crash between the APPEND and its record). Creates the folder if needed.
 */
export async function copyToSent(
  mailbox: MailboxConfig,
  messageId: string,
  raw: Uint8Array,
): Promise<void> {
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
  });
  await client.connect();
  try {
    const folders = await client.list();
    if (!folders.some((f) => f.path === SENT_FOLDER || f.specialUse === '\\Sent'))
      await client.mailboxCreate(SENT_FOLDER);
    const sent = folders.find((f) => f.specialUse === '\\Sent')?.path ?? SENT_FOLDER;
    const lock = await client.getMailboxLock(sent);
    try {
      const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (found && found.length > 0) return;
    } finally {
      lock.release();
    }
    await client.append(sent, Buffer.from(raw), ['\\Seen']);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
