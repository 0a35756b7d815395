import { refuseOversize } from '../src/cases/index.js';
import { AppError } from '../src/errors/index.js';
import { classifyMail } from '../src/intake/classify-mail.js';
import { parseMail } from '../src/intake/parse-mail.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import {
  loadMessage,
  recordDocuments,
  recordThreading,
  setMessageStatus,
} from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { enqueueAnswers } from './enqueue-answers.js';
import { procedureContext } from './procedure-context.js';
import { parseStage } from './parse.js';
import { verifyStage } from './verify.js';

/** Statuses this stage has already moved the message past (processing: its documents are recorded). */
const FINISHED = new Set(['ignored', 'processing', 'processed', 'duplicate', 'oversize']);

/**
 * Reads a stored message: mail that must not be answered (auto-replies, bounces, loops) is marked
 * ignored with the reason; otherwise every attachment is stored and recorded and each document
 * goes on to verification. Repeating the job repeats nothing (the ledger and job ids).
 */
export function intakeHandler(deps: StageDeps): StageHandler {
  return async (payload, { logger }) => {
    const messageId = String(payload.messageId);
    const message = await loadMessage(deps.db, messageId);
    if (!message) throw new AppError('RECORD_NOT_FOUND', `message ${messageId} is not recorded`);
    if (message.status === 'oversize') {
      // Kept but never read: the sender is told once (the case records that it was).
      const kase = await deps.db.transaction((tx) =>
        refuseOversize(procedureContext(deps.config, tx, new Date()), {
          messageId,
          from: message.from,
          subject: message.subject,
          size: message.size,
          limit: deps.config.limits.maxMailBytes,
        }),
      );
      await enqueueAnswers(deps, kase.id);
      logger.info({ message: messageId, case: kase.number }, 'oversize mail refused');
      return;
    }
    if (FINISHED.has(message.status)) return;
    const mail = await parseMail(await deps.blobs.get(message.rawSha256));
    const verdict = classifyMail(
      { get: (name) => mail.headers.get(name) },
      mail.from,
      deps.config.agency.addresses,
    );
    if (!verdict.answerable) {
      await setMessageStatus(deps.db, messageId, 'ignored', verdict.reason);
      logger.info({ message: messageId, reason: verdict.reason }, 'mail ignored');
      return;
    }
    await recordThreading(deps.db, messageId, {
      replyTo: replyAddress(mail.headers.get('reply-to')),
      inReplyTo: mail.inReplyTo ?? null,
      references: mail.references,
    });
    const stored = [];
    for (const [index, attachment] of mail.attachments.entries()) {
      const blob = await deps.blobs.put(attachment.bytes);
      stored.push({
        partIndex: index,
        filename: attachment.filename,
        contentType: attachment.contentType,
        sha256: blob.sha256,
        size: blob.size,
        kind: attachment.kind,
        note: attachment.note,
      });
    }
    const documents = await recordDocuments(deps.db, messageId, stored);
    const toVerify = documents.filter((d) => d.kind === 'document');
    for (const document of toVerify) await deps.enqueue(verifyStage, { documentId: document.id });
    // Nothing to verify (a plain question to support): straight on to reading and routing.
    if (toVerify.length === 0) await deps.enqueue(parseStage, { messageId });
    await setMessageStatus(
      deps.db,
      messageId,
      'processing',
      mail.problems.length ? mail.problems.join('; ') : undefined,
    );
    logger.info({ message: messageId, documents: documents.length }, 'mail read');
  };
}

/** The first address of a Reply-To header, bare (`Name <a@b>` → `a@b`). */
function replyAddress(header: string | undefined): string | null {
  if (!header) return null;
  const first = header.split(',')[0] ?? '';
  const match = /<([^<>\s]+@[^<>\s]+)>/.exec(first) ?? /([^\s<>"]+@[^\s<>"]+)/.exec(first);
  return match?.[1]?.toLowerCase() ?? null;
}
