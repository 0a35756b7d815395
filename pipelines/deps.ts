import type { DocumentReport } from '../src/signature/index.js';
import type { Config } from '../src/config/index.js';
import type { SmtpSender } from '../src/adapters/smtp-sender.js';
import type { Enqueue } from '../src/queue/pipeline-queues.js';
import type { BlobStore, Database } from '../src/store/index.js';

/** What stage handlers work with; built once per worker process. */
export interface StageDeps {
  config: Readonly<Config>;
  db: Database;
  blobs: BlobStore;
  enqueue: Enqueue;
  /**
   * Verifies one document by the intake policy: in a verification thread (trust parsed once per
   * thread, revocation answers shared), or in process when no threads are configured.
   */
  verify: (filename: string, bytes: Uint8Array) => Promise<DocumentReport>;
  /**
   * Seals a PDF as the agency (PAdES with a time-stamp), into the named empty signature field when
   * the PDF has one. Absent when no signing key is configured: steps that need it then fail with
   * a reason staff see.
   */
  seal?: ((pdf: Uint8Array, fieldName?: string) => Promise<Uint8Array>) | undefined;
  /** Adds the chain and revocation data to a sealed PDF (PAdES B-LT). */
  addValidationData?: ((pdf: Uint8Array) => Promise<Uint8Array>) | undefined;
  smtp: SmtpSender;
  /** Keeps a copy of a sent answer in the named mailbox's Sent folder. */
  copyToSent: (mailbox: string | null, messageId: string, raw: Uint8Array) => Promise<void>;
}
