/**
 * Which incoming mail may get an automatic answer. Auto-replies, bounces, list mail and our own
 * mail are recorded but never answered: answering them is how mail loops start (RFC 3834 §2).
 */
export interface MailHeaders {
  /** Lower-case header names; the first value of each. */
  get(name: string): string | undefined;
}

export type Answerability = { answerable: true } | { answerable: false; reason: string };

const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post'];
const AUTORESPONDER_HEADERS = ['x-autoreply', 'x-autorespond', 'x-auto-reply'];

export function classifyMail(
  headers: MailHeaders,
  sender: string | undefined,
  ownAddresses: readonly string[],
): Answerability {
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no'))
    return { answerable: false, reason: `automatic mail (Auto-Submitted: ${autoSubmitted})` };
  const contentType = headers.get('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report'))
    return { answerable: false, reason: 'a delivery or read report (bounce)' };
  const returnPath = headers.get('return-path')?.trim();
  if (returnPath === '<>') return { answerable: false, reason: 'a bounce (empty Return-Path)' };
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    return { answerable: false, reason: `bulk mail (Precedence: ${precedence})` };
  if (headers.get('x-loop') !== undefined)
    return { answerable: false, reason: 'mail marked X-Loop' };
  const list = LIST_HEADERS.find((h) => headers.get(h) !== undefined);
  if (list) return { answerable: false, reason: `mailing-list mail (${list})` };
  const responder = AUTORESPONDER_HEADERS.find((h) => headers.get(h) !== undefined);
  if (responder) return { answerable: false, reason: `an autoresponder's mail (${responder})` };
  if (!sender) return { answerable: false, reason: 'no sender address to answer' };
  const normalised = sender.trim().toLowerCase();
  if (/^(mailer-daemon|postmaster)@/.test(normalised))
    return { answerable: false, reason: "a mail system's message (bounce)" };
  if (ownAddresses.some((own) => own.toLowerCase() === normalised))
    return { answerable: false, reason: "mail from the agency's own address (loop protection)" };
  return { answerable: true };
}
