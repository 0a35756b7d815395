/**
 * The drills read the institutions' own mailboxes, as the institutions would: an answer counts
 * when it sits in the INBOX of the address that sent the form, threaded to it by In-Reply-To.
 */
import { ImapFlow } from 'imapflow';
import type { PipelineEnvironment } from '../../bench/pipeline-environment.js';
import type { MailAccount } from '../services/index.js';

async function withInbox<T>(
  env: PipelineEnvironment,
  account: MailAccount,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: env.services.dovecot.host,
    port: env.services.dovecot.imapPort,
    secure: false,
    auth: { user: account.address, pass: account.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return await work(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Empties the INBOX of the agency's e-address and of every institution, so a scenario counts only
 * its own answers and its poller finds only its own submissions.
 */
export async function emptyInboxes(env: PipelineEnvironment): Promise<void> {
  for (const account of [env.eAddress, ...env.institutions]) {
    await withInbox(env, account, async (client) => {
      const status = client.mailbox;
      if (status && status.exists > 0) await client.messageDelete('1:*');
    });
  }
}

/** How many answers each submission's Message-ID got, over every institution's INBOX. */
export async function answersByInReplyTo(env: PipelineEnvironment): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const account of env.institutions) {
    await withInbox(env, account, async (client) => {
      const status = client.mailbox;
      if (!status || status.exists === 0) return;
      for await (const message of client.fetch('1:*', { envelope: true })) {
        const inReplyTo = message.envelope?.inReplyTo;
        if (inReplyTo) counts.set(inReplyTo, (counts.get(inReplyTo) ?? 0) + 1);
      }
    });
  }
  return counts;
}

/** The Message-ID header of a raw submission, with its angle brackets. */
export function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('utf8');
  const match = /^message-id:\s*(<[^>]+>)/im.exec(head);
  if (!match?.[1]) throw new Error('a submission without a Message-ID');
  return match[1];
}
