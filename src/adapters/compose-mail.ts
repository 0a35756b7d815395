import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/**
 * Builds an answer's complete RFC 822 message once. The bytes are stored before sending, so a
 * retry sends exactly the same message (same Message-ID, same Date) and the copy in the Sent
 * folder is byte-identical to what the institution received.
 */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  /** Without angle brackets; in the agency's domain. */
  messageId: string;
  inReplyTo?: string | null;
  references?: readonly string[];
  date: Date;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content: Uint8Array }>;
}

const bracket = (id: string): string => (id.startsWith('<') ? id : `<${id}>`);

export async function composeMail(mail: OutgoingMail): Promise<Uint8Array> {
  const references = [...(mail.references ?? []), ...(mail.inReplyTo ? [mail.inReplyTo] : [])]
    .map(bracket)
    .filter((id, i, all) => all.indexOf(id) === i);
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    messageId: bracket(mail.messageId),
    date: mail.date,
    text: mail.text,
    ...(mail.inReplyTo ? { inReplyTo: bracket(mail.inReplyTo) } : {}),
    ...(references.length ? { references } : {}),
    headers: {
      // RFC 3834: an automatic answer; Exchange and Outlook: do not auto-reply to it.
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
    },
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  });
  return new Uint8Array(await composer.compile().build());
}
