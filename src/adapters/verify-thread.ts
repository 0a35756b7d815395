/**
 * The body of a verification thread: it loads the trust store once, keeps its own revocation
 * caches and HTTP fetcher, and verifies the documents the pool sends it, one at a time. Runs in a
 * worker thread so hashing and signature checks never block the event loop that renews BullMQ
 * locks and polls IMAP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createVerifyCaches,
  createVerifyContext,
  verifyDocument,
  type IntakePolicy,
  type TrustStore,
} from '../signature/index.js';
import { createHttpFetcher } from './http-fetcher.js';
import { loadTrustStore } from './trust-files.js';

export interface VerifyThreadData {
  trust: { anchors: string[]; trustedLists: string[]; listSigners: string[] };
  offline: boolean;
  policy: IntakePolicy;
}

export interface VerifyRequest {
  id: number;
  filename: string;
  bytes: Uint8Array;
}

export type VerifyResponse =
  { id: number; report: unknown } | { id: number; error: { message: string; name: string } };

const data = workerData as VerifyThreadData;
const caches = createVerifyCaches();
const fetcher = createHttpFetcher();
let trust: TrustStore | undefined;

parentPort?.on('message', (request: VerifyRequest) => {
  void (async (): Promise<VerifyResponse> => {
    try {
      trust ??= loadTrustStore(data.trust.anchors, data.trust.trustedLists, data.trust.listSigners);
      const context = createVerifyContext({ trust, offline: data.offline, fetcher, caches });
      const report = await verifyDocument(request.filename, request.bytes, context, data.policy);
      return { id: request.id, report };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { id: request.id, error: { message: e.message, name: e.name } };
    }
  })().then((response) => parentPort?.postMessage(response));
});
