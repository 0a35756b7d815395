import type { IntakePolicy, VerifyContext } from '../src/signature/index.js';
import type { Config } from '../src/config/index.js';
import type { Enqueue } from '../src/queue/pipeline-queues.js';
import type { BlobStore, Database } from '../src/store/index.js';

/** What stage handlers work with; built once per worker process. */
export interface StageDeps {
  config: Readonly<Config>;
  db: Database;
  blobs: BlobStore;
  enqueue: Enqueue;
  /** Per process, so trust lists are parsed once and revocation answers are shared. */
  verifyContext: () => VerifyContext;
  policy: IntakePolicy;
}
