export type { Database, Queryable, QueryResult } from './database.js';
export { openDatabase } from './open-database.js';
export { openPostgres } from './postgres-database.js';
export { openPglite } from './pglite-database.js';
export { migrate, type Migration } from './migrate.js';
export { migrations } from './migrations/index.js';
export {
  appendAudit,
  listAudit,
  type AuditEntry,
  type NewAuditEntry,
} from './audit-log-repository.js';
export { createFileBlobStore, BlobNotFound, type BlobStore, type BlobRef } from './blob-store.js';
export {
  syncMailboxPosition,
  advanceMailboxPosition,
  recordIncomingMessage,
  setMessageStatus,
  markMessageProcessed,
  markMessageQueued,
  getMessage,
  type IncomingMessage,
  type RecordOutcome,
  type MessageStatus,
  type MailboxPosition,
} from './message-ledger.js';
export {
  loadMessage,
  recordDocuments,
  loadDocument,
  saveVerificationReport,
  loadVerificationReport,
  type StoredMessage,
  type NewDocument,
  type StoredDocument,
  type ReportSummary,
} from './document-repository.js';
export {
  sqlCaseStore,
  outgoingMessageId,
  auditRecordsOf,
  caseEvents,
  type CaseEventRow,
} from './case-store.js';
export {
  loadSubmission,
  saveFormReading,
  recordThreading,
  documentsAwaitingReport,
  type FormReadingRecord,
} from './submission-repository.js';
export { importCatalogue, importAuditRecords } from './registry-imports.js';
export {
  loadOutboxEntry,
  pendingOutboxOfCase,
  stalePendingOutbox,
  recordComposedAnswer,
  moveOutbox,
  markCopiedToSent,
  answersSentTo,
  threadOf,
  listOutbox,
  lockOutboxEntry,
  type OutboxListing,
  type OutboxEntry,
  type OutboxStatus,
} from './outbox-repository.js';
