import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { deliveredIds } from '../../../scripts/fault/staff-review.js';

const services = inject('services');

function imapFor(address: string): ImapFlow {
  const dovecot = services.dovecot;
  if (!dovecot) throw new Error('dovecot was not started');
  const account = dovecot.accounts.find((a) => a.address === address);
  if (!account) throw new Error(`no test account ${address}`);
  return new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user: account.address, pass: account.password },
    logger: false,
  });
}

describe('local mail services', () => {
  it('when the agency sends a letter through the SMTP relay, then the institution reads it over IMAP', async () => {
    const smtp = services.smtp;
    if (!smtp) throw new Error('smtp relay was not started');
    const subject = `Test ${randomUUID()} — Latvian: ģērbšanās`;
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      from: 'e-adrese@agency.test',
      to: 'iestade@institution-a.test',
      subject,
      text: 'Reģistrācija apstiprināta.',
      attachments: [{ filename: 'vēstule.pdf', content: Buffer.from('%PDF-1.7\n%%EOF\n') }],
    });
    expect(info.accepted).toEqual(['iestade@institution-a.test']);
    // The relay's log names the Message-ID it delivered: what staff (and the fault drills'
    // staff step) check when an answer's outcome is unknown.
    if (!smtp.log) throw new Error('the relay has no log');
    expect(deliveredIds(smtp.log).has(info.messageId.replace(/^<|>$/g, ''))).toBe(true);

    const client = imapFor('iestade@institution-a.test');
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = await client.search({ subject: subject.slice(0, 41) }, { uid: true });
        expect(uids).not.toBe(false);
        expect((uids as number[]).length).toBe(1);
        const message = await client.fetchOne(
          String((uids as number[])[0]),
          { source: true, envelope: true },
          { uid: true },
        );
        if (!message) throw new Error('message not fetched');
        expect(message.envelope?.subject).toBe(subject);
        expect(message.source?.toString()).toContain('filename*0*=utf-8');
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('when mail is addressed outside the local domains, then the relay refuses it and delivers nothing', async () => {
    const smtp = services.smtp;
    if (!smtp) throw new Error('smtp relay was not started');
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({
        from: 'e-adrese@agency.test',
        to: 'someone@example.com',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toThrow(/550|denied/);
  });

  it('when a message goes to an unknown local mailbox, then the relay answers with a refusal', async () => {
    const smtp = services.smtp;
    if (!smtp) throw new Error('smtp relay was not started');
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({
        from: 'e-adrese@agency.test',
        to: 'nobody@institution-a.test',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toThrow(/refused|550|451/);
  });

  it('the agency mailboxes exist with a Processed folder and a Sent folder', async () => {
    const client = imapFor('e-adrese@agency.test');
    await client.connect();
    try {
      const list = await client.list();
      const paths = list.map((m) => m.path);
      expect(paths).toEqual(expect.arrayContaining(['INBOX', 'Processed', 'Sent']));
      expect(list.find((m) => m.path === 'Sent')?.specialUse).toBe('\\Sent');
    } finally {
      await client.logout();
    }
  });
});
