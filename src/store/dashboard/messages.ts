import type { Queryable } from '../database.js';
import type { MessageStatus } from '../message-ledger.js';
import {
  conditions,
  containing,
  masked,
  page,
  type Page,
  type PageRequest,
} from './query-parts.js';

export interface MessageSearch extends PageRequest {
  /** Substring of the sender's address, any case. */
  sender?: string | undefined;
  /** Substring of the subject, any case. */
  subject?: string | undefined;
  /** A mailbox name, exactly. */
  mailbox?: string | undefined;
  status?: MessageStatus | undefined;
}

export interface MessageListing {
  id: string;
  mailbox: string;
  from: string | null;
  subject: string | null;
  receivedAt: Date;
  status: MessageStatus;
  statusReason: string | null;
  /** The case the message joined, if any. */
  caseNumber: string | null;
  documentCount: number;
}

interface MessageRow {
  id: string;
  mailbox: string;
  from_address: string | null;
  subject: string | null;
  received_at: Date | string;
  status: MessageStatus;
  status_reason: string | null;
  case_number: string | null;
  document_count: number;
}

/** Messages newest first. */
export async function searchMessages(
  db: Queryable,
  search: MessageSearch = {},
): Promise<Page<MessageListing>> {
  const where = conditions();
  const sender = containing(search.sender);
  if (sender) where.add((p) => `m.from_address ILIKE ${p} ESCAPE '\\'`, sender);
  const subject = containing(search.subject);
  if (subject) where.add((p) => `m.subject ILIKE ${p} ESCAPE '\\'`, subject);
  if (search.mailbox) where.add((p) => `m.mailbox = ${p}`, search.mailbox);
  if (search.status) where.add((p) => `m.status = ${p}`, search.status);
  return page<MessageRow, MessageListing>(db, search, {
    select: `m.id::text AS id, m.mailbox, m.from_address, m.subject, m.received_at, m.status,
             m.status_reason, c.number AS case_number,
             (SELECT count(*) FROM documents d WHERE d.message_id = m.id)::int AS document_count`,
    from: `messages m LEFT JOIN case_messages cm ON cm.message_id = m.id
           LEFT JOIN cases c ON c.id = cm.case_id`,
    where,
    orderBy: 'm.received_at DESC, m.id DESC',
    map: (r) => ({
      id: r.id,
      mailbox: r.mailbox,
      from: r.from_address,
      subject: masked(r.subject),
      receivedAt: new Date(r.received_at),
      status: r.status,
      statusReason: masked(r.status_reason),
      caseNumber: r.case_number,
      documentCount: r.document_count,
    }),
  });
}
