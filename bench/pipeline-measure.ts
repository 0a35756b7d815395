/**
 * What the pipeline bench reads back: from PostgreSQL (the system of record) when each
 * submission's answer was handed to SMTP and the timestamps each stage left on the way, and from
 * Redis the BullMQ jobs' own times (added, started, finished) per stage.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { Delivery } from './pipeline-submissions.js';

/** How often the bench asks the database whether the answers went out. */
const POLL_MS = 250;
/** No answer sent for this long means the pipeline is stuck, not slow. */
const STALL_MS = 120_000;

/** Message and outbox states after which a submission will never get its answer by itself. */
const DEAD_MESSAGE_STATES = ['failed', 'ignored', 'duplicate', 'oversize'];
const DEAD_OUTBOX_STATES = ['failed', 'held', 'unconfirmed'];

/** The stages a registration form passes through, in order (the pipeline's job queues). */
export const MEASURED_STAGES = [
  'intake',
  'verify',
  'parse',
  'route',
  'registration',
  'respond',
] as const;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

/**
 * Resolves when every subject's message has answers and all of them are `sent`; throws at once
 * when one can no longer get there (a failed message, a held or refused answer), or when nothing
 * moves for STALL_MS.
 */
export async function waitForAnswers(sql: pg.Client, subjects: readonly string[]): Promise<void> {
  let lastSent = -1;
  let lastProgress = Date.now();
  for (;;) {
    const { rows } = await sql.query<{
      sent: string;
      dead: string;
      example: string | null;
    }>(
      `SELECT count(*) FILTER (WHERE o.status = 'sent') AS sent,
              count(*) FILTER (WHERE m.status = ANY($2) OR o.status = ANY($3)) AS dead,
              min(CASE WHEN m.status = ANY($2) OR o.status = ANY($3)
                  THEN m.subject || ': message ' || m.status || ' ' || coalesce(m.status_reason, '')
                       || ', answer ' || coalesce(o.status, '-') || ' ' || coalesce(o.status_reason, '')
                  END) AS example
         FROM messages m LEFT JOIN outbox o ON o.trigger_message_id = m.id
        WHERE m.subject = ANY($1)`,
      [subjects, DEAD_MESSAGE_STATES, DEAD_OUTBOX_STATES],
    );
    const row = rows[0];
    const sent = Number(row?.sent ?? 0);
    if (Number(row?.dead ?? 0) > 0)
      throw new Error(`a submission will not be answered: ${row?.example ?? '?'}`);
    if (sent >= subjects.length) {
      // Every message has its answer row, and none is left unsent.
      const open = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM messages m
           LEFT JOIN outbox o ON o.trigger_message_id = m.id
          WHERE m.subject = ANY($1) AND (o.id IS NULL OR o.status <> 'sent')`,
        [subjects],
      );
      if (Number(open.rows[0]?.n ?? 1) === 0) return;
    }
    if (sent !== lastSent) {
      lastSent = sent;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > STALL_MS) {
      throw new Error(`stuck: ${sent} of ${subjects.length} answers sent, none for ${STALL_MS} ms`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** One submission's way through the pipeline, as epoch milliseconds. */
export interface SubmissionTimes {
  subject: string;
  messageId: string;
  deliveredAt: number;
  receivedAt: number;
  verifiedAt: number;
  readAt: number;
  stepAt: number;
  sealedAt: number;
  sentAt: number;
}

export async function submissionTimes(
  sql: pg.Client,
  deliveries: readonly Delivery[],
): Promise<SubmissionTimes[]> {
  const { rows } = await sql.query<{
    subject: string;
    id: string;
    received: number;
    verified: number;
    read: number;
    step: number;
    sealed: number;
    sent: number;
  }>(
    `SELECT m.subject, m.id::text AS id,
            extract(epoch FROM m.received_at) * 1000 AS received,
            (SELECT extract(epoch FROM max(v.verified_at)) * 1000
               FROM documents d JOIN verification_reports v ON v.document_id = d.id
              WHERE d.message_id = m.id) AS verified,
            (SELECT extract(epoch FROM max(f.read_at)) * 1000
               FROM form_readings f WHERE f.message_id = m.id) AS read,
            (SELECT extract(epoch FROM min(e.at)) * 1000
               FROM case_events e WHERE e.message_id = m.id) AS step,
            (SELECT extract(epoch FROM max(o.sending_at)) * 1000
               FROM outbox o WHERE o.trigger_message_id = m.id) AS sealed,
            (SELECT extract(epoch FROM max(o.sent_at)) * 1000
               FROM outbox o WHERE o.trigger_message_id = m.id) AS sent
       FROM messages m WHERE m.subject = ANY($1)`,
    [deliveries.map((d) => d.subject)],
  );
  const bySubject = new Map(rows.map((r) => [r.subject, r]));
  return deliveries.map((d) => {
    const r = bySubject.get(d.subject);
    if (!r) throw new Error(`no message recorded for ${d.subject}`);
    return {
      subject: d.subject,
      messageId: r.id,
      deliveredAt: d.deliveredAt,
      receivedAt: Number(r.received),
      verifiedAt: Number(r.verified),
      readAt: Number(r.read),
      stepAt: Number(r.step),
      sealedAt: Number(r.sealed),
      sentAt: Number(r.sent),
    };
  });
}

/**
 * The legs between the timestamps the stages leave in the database. PostgreSQL's now() is the
 * start of the writing transaction, so each leg ends when its stage wrote, not when it committed.
 */
export const SEGMENTS = [
  {
    name: 'LMTP accepted → ledger row (poller: IMAP fetch, blob, row)',
    from: 'deliveredAt',
    to: 'receivedAt',
  },
  {
    name: '→ report stored (intake + verify, with queue waits)',
    from: 'receivedAt',
    to: 'verifiedAt',
  },
  { name: '→ form read (parse)', from: 'verifiedAt', to: 'readAt' },
  { name: '→ case event (route + registration step)', from: 'readAt', to: 'stepAt' },
  {
    name: '→ answer sealed, `sending` (respond: letter, seal, TSA, own check)',
    from: 'stepAt',
    to: 'sealedAt',
  },
  { name: '→ `sent` (SMTP to the relay)', from: 'sealedAt', to: 'sentAt' },
  { name: 'total: LMTP accepted → `sent`', from: 'deliveredAt', to: 'sentAt' },
] as const satisfies ReadonlyArray<{
  name: string;
  from: keyof SubmissionTimes;
  to: keyof SubmissionTimes;
}>;

export interface SegmentStats {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

export function segmentStats(times: readonly SubmissionTimes[]): SegmentStats[] {
  return SEGMENTS.map((s) => {
    const values = times.map((t) => t[s.to] - t[s.from]);
    return { name: s.name, p50Ms: percentile(values, 50), p95Ms: percentile(values, 95) };
  });
}

export interface StageStats {
  stage: string;
  jobs: number;
  /** Jobs that needed more than one attempt. */
  retried: number;
  waitP50Ms: number;
  waitP95Ms: number;
  runP50Ms: number;
  runP95Ms: number;
  runMeanMs: number;
  /** Sum of run times: worker-seconds the stage took. */
  busyMs: number;
}

/**
 * Queue wait (added → started) and run (started → finished) of the completed jobs of each stage
 * that belong to the given messages; verify and respond jobs are mapped to their message through
 * the documents and outbox tables.
 */
export async function stageStats(options: {
  sql: pg.Client;
  redisUrl: string;
  prefix: string;
  messageIds: readonly string[];
}): Promise<StageStats[]> {
  const { sql } = options;
  const ids = new Set(options.messageIds);
  const documents = new Map(
    (
      await sql.query<{ id: string; message_id: string }>(
        'SELECT id::text AS id, message_id::text AS message_id FROM documents WHERE message_id = ANY($1::bigint[])',
        [options.messageIds],
      )
    ).rows.map((r) => [r.id, r.message_id]),
  );
  const answers = new Map(
    (
      await sql.query<{ id: string; message_id: string }>(
        'SELECT id::text AS id, trigger_message_id::text AS message_id FROM outbox WHERE trigger_message_id = ANY($1::bigint[])',
        [options.messageIds],
      )
    ).rows.map((r) => [r.id, r.message_id]),
  );
  const messageOf = (stage: string, data: Record<string, unknown>): string | undefined => {
    if (stage === 'verify') return documents.get(String(data.documentId));
    if (stage === 'respond') return answers.get(String(data.outboxId));
    return String(data.messageId);
  };
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  try {
    const result: StageStats[] = [];
    for (const stage of MEASURED_STAGES) {
      const queue = new Queue(stage, { connection, prefix: options.prefix });
      try {
        const jobs = (await queue.getJobs(['completed'], 0, -1)).filter((job) => {
          const message = messageOf(stage, job.data as Record<string, unknown>);
          return message !== undefined && ids.has(message);
        });
        const waits: number[] = [];
        const runs: number[] = [];
        let retried = 0;
        for (const job of jobs) {
          if (job.processedOn === undefined || job.finishedOn === undefined) continue;
          waits.push(job.processedOn - job.timestamp);
          runs.push(job.finishedOn - job.processedOn);
          if (job.attemptsMade > 1) retried += 1;
        }
        const busyMs = runs.reduce((a, b) => a + b, 0);
        result.push({
          stage,
          jobs: runs.length,
          retried,
          waitP50Ms: percentile(waits, 50),
          waitP95Ms: percentile(waits, 95),
          runP50Ms: percentile(runs, 50),
          runP95Ms: percentile(runs, 95),
          runMeanMs: runs.length ? busyMs / runs.length : NaN,
          busyMs,
        });
      } finally {
        await queue.close();
      }
    }
    return result;
  } finally {
    connection.disconnect();
  }
}

/** Waits until no stage has jobs waiting or running, so the next phase starts on empty queues. */
export async function waitForIdleQueues(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = MEASURED_STAGES.map((s) => new Queue(s, { connection, prefix }));
  try {
    const deadline = Date.now() + STALL_MS;
    for (;;) {
      const counts = await Promise.all(
        queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
      );
      const busy = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`queues still busy after ${STALL_MS} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}
