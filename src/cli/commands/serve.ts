import { join } from 'node:path';
import { Redis } from 'ioredis';
import { STAGES, stageHandlers } from '../../../pipelines/graph.js';
import { intakeStage } from '../../../pipelines/intake.js';
import { REMINDER_SWEEP_MS, remindersStage } from '../../../pipelines/reminders.js';
import { createHttpFetcher } from '../../adapters/http-fetcher.js';
import { createLogger } from '../../adapters/logger.js';
import { createMetricsRegistry } from '../../adapters/metrics.js';
import { loadTrustStore } from '../../adapters/trust-files.js';
import type { Config } from '../../config/index.js';
import { watchMailbox } from '../../intake/mailbox-watcher.js';
import { pollMailboxOnce } from '../../intake/poll-mailbox.js';
import { createPipelineQueues } from '../../queue/pipeline-queues.js';
import { startPipelineWorkers } from '../../queue/pipeline-workers.js';
import { createRedisConnection, pingRedis } from '../../queue/redis-connection.js';
import type { TrustStore } from '../../signature/index.js';
import {
  createVerifyCaches,
  createVerifyContext,
  DEFAULT_POLICY,
  verifyDocument,
} from '../../signature/index.js';
import { createVerifyPool } from '../../adapters/verify-pool.js';
import { createSmtpSender, type SmtpSender } from '../../adapters/smtp-sender.js';
import { copyToSent } from '../../intake/sent-folder.js';
import { addValidationData } from '../../responses/sign/add-dss.js';
import type { StageDeps } from '../../../pipelines/deps.js';
import { createFileBlobStore, openDatabase, type Database } from '../../store/index.js';
import { buildApp } from '../../web/build-app.js';
import { installShutdown, type Closer } from '../lifecycle.js';
import { agencySeal } from './agency-seal.js';
import { dashboardDeps } from './dashboard-actions.js';

export const ROLES = ['all', 'poller', 'worker', 'web'] as const;
export type Role = (typeof ROLES)[number];

/**
 * How this process verifies documents: in a pool of threads (the default), or in process with
 * trust parsed once and caches shared; the validation time is always per document.
 */
function documentVerifier(config: Readonly<Config>, closers: Closer[]): StageDeps['verify'] {
  const trust = config.trust;
  if (config.verify.threads > 0) {
    const pool = createVerifyPool(config.verify.threads, {
      trust: {
        anchors: [...trust.anchors],
        trustedLists: [...trust.trustedLists],
        listSigners: [...trust.listSigners],
      },
      offline: config.verify.offline,
      policy: DEFAULT_POLICY,
    });
    closers.push({ name: 'verification threads', close: () => pool.close() });
    return pool.verify;
  }
  let store: TrustStore | undefined;
  const caches = createVerifyCaches();
  const fetcher = createHttpFetcher();
  return (filename, bytes) =>
    verifyDocument(
      filename,
      bytes,
      createVerifyContext({
        trust: (store ??= loadTrustStore(trust.anchors, trust.trustedLists, trust.listSigners)),
        offline: config.verify.offline,
        fetcher,
        caches,
      }),
      DEFAULT_POLICY,
    );
}

function smtpSender(config: Readonly<Config>, closers: Closer[]): SmtpSender {
  const sender = createSmtpSender(config.smtp);
  closers.push({ name: 'smtp', close: async () => sender.close() });
  return sender;
}

export interface RunningService {
  url: string;
  /** The process's database, for in-process callers (the demo) that report on progress. */
  db: Database;
  stop: (reason: string) => Promise<void>;
}

/**
 * Starts one process of the service. Every role opens (and migrates) the database, connects to
 * Redis and answers /healthz, /readyz and /metrics on the web port, so an orchestrator can probe
 * each container the same way. `poller` watches the mailboxes, `worker` runs the pipeline stages,
 * `web` serves the staff dashboard, `all` does all three.
 */
export async function serve(config: Readonly<Config>, role: Role): Promise<RunningService> {
  const logger = createLogger({ level: config.log.level, name: `intake-${role}` });
  const closers: Closer[] = [];
  const db = await openDatabase(config);
  closers.push({ name: 'database', close: () => db.close() });
  logger.info({ database: db.kind }, 'database ready and migrated');
  const blobs = createFileBlobStore(join(config.dataDir, 'blobs'));

  const redis = createRedisConnection(config.redis.url);
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  closers.push({ name: 'redis', close: async () => void (await redis.quit()) });
  // Producers fail fast while Redis is down (no offline queue growing without bound); the poller
  // then leaves the mail in the folder and takes it in on a later pass.
  const producer = new Redis(config.redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  producer.on('error', (err) => logger.warn({ err }, 'redis producer error'));
  closers.push({
    name: 'redis producer',
    close: async () => void (await producer.quit().catch(() => producer.disconnect())),
  });
  const queues = createPipelineQueues(producer, config.redis.prefix, STAGES, (err) =>
    logger.warn({ err }, 'queue error'),
  );
  closers.push({ name: 'queues', close: () => queues.close() });

  if (role === 'all' || role === 'worker') {
    const workers = startPipelineWorkers({
      stages: STAGES,
      handlers: stageHandlers({
        config,
        db,
        blobs,
        enqueue: queues.enqueue,
        seal: agencySeal(config),
        ...(config.respond.level === 'B-LT'
          ? {
              addValidationData: (pdf: Uint8Array) =>
                addValidationData(pdf, { fetcher: createHttpFetcher() }),
            }
          : {}),
        verify: documentVerifier(config, closers),
        smtp: smtpSender(config, closers),
        copyToSent: async (name, messageId, raw) => {
          const mailbox = config.mailboxes.find((m) => m.name === name) ?? config.mailboxes[0];
          if (mailbox) await copyToSent(mailbox, messageId, raw);
        },
      }),
      connection: redis,
      prefix: config.redis.prefix,
      lockMs: config.queue.lockMs,
      concurrency: config.queue.concurrency,
      queues,
      logger,
    });
    closers.push({ name: 'workers', close: () => workers.close() });
    // One schedule however many workers start: BullMQ keys it by id, repeated upserts replace it.
    await queues
      .queue(remindersStage.name)
      .upsertJobScheduler(
        'reminders-sweep',
        { every: REMINDER_SWEEP_MS },
        { name: remindersStage.name, data: { v: remindersStage.version } },
      )
      .catch((err: unknown) => logger.warn({ err }, 'could not schedule the reminder sweep'));
  }

  if (role === 'all' || role === 'poller') {
    for (const mailbox of config.mailboxes) {
      const watcher = watchMailbox({
        mailbox,
        logger,
        poll: (client) =>
          pollMailboxOnce({
            client,
            mailbox,
            db,
            blobs,
            enqueue: (messageId) => queues.enqueue(intakeStage, { messageId }),
            maxMailBytes: config.limits.maxMailBytes,
            logger,
          }),
      });
      closers.push({ name: `mailbox ${mailbox.name}`, close: () => watcher.stop() });
    }
  }

  const app = buildApp({
    logger,
    metrics: createMetricsRegistry(role),
    checks: { database: () => db.ping(), redis: () => pingRedis(redis) },
    ...(role === 'all' || role === 'web'
      ? {
          dashboard: dashboardDeps(config, db, queues, agencySeal(config)),
        }
      : {}),
  });
  closers.push({ name: 'web', close: () => app.close() });
  const url = await app.listen({ host: config.web.host, port: config.web.port });
  logger.info({ url, role, mailboxes: config.mailboxes.length }, 'listening');

  const { stop } = installShutdown(logger, closers);
  return { url, db, stop };
}
