/**
 * What a drill checks once the pipeline is quiet again: per submission one ledger row, one case,
 * answers all `sent`, and exactly one answer in the institution's INBOX; and what the dead-letter
 * queue holds, each with its stage and reason.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { PipelineEnvironment } from '../../bench/pipeline-environment.js';
import { MEASURED_STAGES } from '../../bench/pipeline-measure.js';
import type { Submission } from '../../bench/pipeline-submissions.js';
import { answersByInReplyTo, messageIdOf } from './mailboxes.js';

/** How often the drill looks at the database and the queues while waiting. */
const POLL_MS = 500;
/** The stages with work per submission; `reminders` is left out (its schedule is always due). */
export const WORK_STAGES = [...MEASURED_STAGES, 'production', 'support'] as const;
const DEAD_LETTER_QUEUE = 'dead-letter';

export interface DeadLetterSeen {
  stage: string;
  jobId: string;
  reason: string;
}

export interface DrillOutcome {
  submissions: number;
  /** Submissions with a case (via case_messages). */
  withCase: number;
  /** Cases opened beyond one per submission, and ledger rows beyond one per mail. */
  extraCases: number;
  extraMessages: number;
  /** Answers found in the institutions' INBOXes, threaded to a submission. */
  answersDelivered: number;
  /** Answers beyond one per submission. */
  duplicates: number;
  /** Submissions with no answer in the INBOX. */
  lost: number;
  /** Outbox rows by status (all should be `sent`). */
  outbox: Record<string, number>;
  /**
   * Answers by kind: every submission is a valid registration, so all should confirm it; a
   * refusal would mean a temporary outage was taken for an invalid signature.
   */
  answerKinds: Record<string, number>;
  /** Messages whose ledger status is not `processed`, by status. */
  messages: Record<string, number>;
  deadLetters: DeadLetterSeen[];
  /** Epoch ms of the last `sent` answer. */
  lastSentAt: number;
  /** Subjects of lost or duplicated submissions, for the log (at most a few). */
  examples: string[];
}

interface Progress {
  messages: number;
  answered: number;
  open: number;
  busyJobs: number;
}

async function progress(
  sql: pg.Pool,
  queues: readonly Queue[],
  subjects: readonly string[],
): Promise<Progress> {
  const { rows } = await sql.query<{ messages: string; answered: string; open: string }>(
    `SELECT count(DISTINCT m.subject) AS messages,
            count(DISTINCT m.subject) FILTER (WHERE o.status IN ('sent', 'unconfirmed')) AS answered,
            count(*) FILTER (WHERE o.status IN ('pending', 'sending')
                             OR (o.id IS NULL AND m.status NOT IN ('failed', 'ignored', 'duplicate', 'oversize'))) AS open
       FROM messages m LEFT JOIN outbox o ON o.trigger_message_id = m.id
      WHERE m.subject = ANY($1)`,
    [subjects],
  );
  const counts = await Promise.all(
    queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
  );
  const busyJobs = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
  const row = rows[0];
  return {
    messages: Number(row?.messages ?? 0),
    answered: Number(row?.answered ?? 0),
    open: Number(row?.open ?? 0),
    busyJobs,
  };
}

/**
 * Waits until every submission is in the ledger with its answer settled — `sent`, or
 * `unconfirmed` and waiting for staff (see staff-review.ts) — and no stage has work left; gives up when nothing has moved for `stallMs` (something is stuck or lost: the check
 * then says what). Returns whether it got quiet.
 */
export async function waitUntilQuiet(options: {
  sql: pg.Pool;
  redisUrl: string;
  prefix: string;
  subjects: readonly string[];
  stallMs: number;
  onProgress?: (p: Progress) => void;
}): Promise<boolean> {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const queues = WORK_STAGES.map((s) =>
    new Queue(s, { connection, prefix: options.prefix }).on('error', () => undefined),
  );
  try {
    let last = '';
    let lastMoved = Date.now();
    let lastReported = 0;
    for (;;) {
      const p = await progress(options.sql, queues, options.subjects);
      if (p.messages === options.subjects.length && p.answered === p.messages && p.open === 0) {
        if (p.busyJobs === 0) return true;
      }
      const signature = JSON.stringify(p);
      if (signature !== last) {
        last = signature;
        lastMoved = Date.now();
      } else if (Date.now() - lastMoved > options.stallMs) {
        return false;
      }
      if (Date.now() - lastReported > 10_000) {
        lastReported = Date.now();
        options.onProgress?.(p);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

async function deadLetters(redisUrl: string, prefix: string): Promise<DeadLetterSeen[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(DEAD_LETTER_QUEUE, { connection, prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1);
    return jobs.map((job) => {
      const d = job.data as { stage?: string; jobId?: string; error?: string };
      return { stage: d.stage ?? '?', jobId: d.jobId ?? '?', reason: d.error ?? '(no reason)' };
    });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function histogram(rows: ReadonlyArray<{ status: string; n: string }>): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function checkOutcome(options: {
  env: PipelineEnvironment;
  sql: pg.Pool;
  prefix: string;
  submissions: readonly Submission[];
}): Promise<DrillOutcome> {
  const { sql, submissions } = options;
  const subjects = submissions.map((s) => s.subject);
  const perSubject = await sql.query<{
    subject: string;
    messages: string;
    cases: string;
  }>(
    `SELECT m.subject, count(DISTINCT m.id) AS messages, count(DISTINCT cm.case_id) AS cases
       FROM messages m LEFT JOIN case_messages cm ON cm.message_id = m.id
      WHERE m.subject = ANY($1) GROUP BY m.subject`,
    [subjects],
  );
  const outbox = await sql.query<{ status: string; n: string }>(
    `SELECT o.status, count(*) AS n FROM outbox o JOIN messages m ON m.id = o.trigger_message_id
      WHERE m.subject = ANY($1) GROUP BY o.status`,
    [subjects],
  );
  const kinds = await sql.query<{ status: string; n: string }>(
    `SELECT o.kind AS status, count(*) AS n FROM outbox o JOIN messages m ON m.id = o.trigger_message_id
      WHERE m.subject = ANY($1) GROUP BY o.kind`,
    [subjects],
  );
  const messages = await sql.query<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM messages WHERE subject = ANY($1) AND status <> 'processed'
      GROUP BY status`,
    [subjects],
  );
  const lastSent = await sql.query<{ at: number | null }>(
    `SELECT extract(epoch FROM max(o.sent_at)) * 1000 AS at
       FROM outbox o JOIN messages m ON m.id = o.trigger_message_id WHERE m.subject = ANY($1)`,
    [subjects],
  );
  const answers = await answersByInReplyTo(options.env);
  const bySubject = new Map(perSubject.rows.map((r) => [r.subject, r]));
  let withCase = 0;
  let extraCases = 0;
  let extraMessages = 0;
  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  const examples: string[] = [];
  for (const submission of submissions) {
    const row = bySubject.get(submission.subject);
    const cases = Number(row?.cases ?? 0);
    if (cases > 0) withCase += 1;
    extraCases += Math.max(0, cases - 1);
    extraMessages += Math.max(0, Number(row?.messages ?? 0) - 1);
    const n = answers.get(messageIdOf(submission.raw)) ?? 0;
    delivered += n;
    duplicates += Math.max(0, n - 1);
    if (n === 0) lost += 1;
    if ((n !== 1 || cases !== 1) && examples.length < 5)
      examples.push(`${submission.subject}: ${cases} case(s), ${n} answer(s)`);
  }
  return {
    submissions: submissions.length,
    withCase,
    extraCases,
    extraMessages,
    answersDelivered: delivered,
    duplicates,
    lost,
    outbox: histogram(outbox.rows),
    answerKinds: histogram(kinds.rows),
    messages: histogram(messages.rows),
    deadLetters: await deadLetters(options.env.services.redis.url, options.prefix),
    lastSentAt: Number(lastSent.rows[0]?.at ?? 0),
    examples,
  };
}
