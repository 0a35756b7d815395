import {
  AGENCY_TIME_ZONE,
  PROCEDURES,
  agencyDate,
  type CaseState,
  type Procedure,
} from '../../cases/index.js';
import type { Queryable } from '../database.js';
import type { MessageStatus } from '../message-ledger.js';

/** The charts show the last day, hour by hour. */
export const SERIES_HOURS = 24;
const HOUR_MS = 3_600_000;

export interface ThroughputPoint {
  /** Start of the hour (hours are whole in Riga as in UTC). */
  hour: Date;
  /** Messages recorded in the hour (every status, duplicates and ignored mail included). */
  received: number;
  /** Answers whose sending was confirmed in the hour. */
  sent: number;
}

export interface LatencyPoint {
  hour: Date;
  /** Messages whose first answer was sent in this hour. */
  answered: number;
  /** Seconds from receipt to the first answer sent; null when nothing was answered. */
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface CaseCount {
  procedure: Procedure;
  state: CaseState;
  count: number;
}

export interface OverviewStats {
  at: Date;
  /** The agency's (Riga) day the `messagesToday` figures cover, YYYY-MM-DD. */
  day: string;
  messagesToday: { total: number; byStatus: Record<MessageStatus, number> };
  cases: {
    /** Open cases (not closed) by procedure and state. */
    open: CaseCount[];
    openTotal: number;
    closed: Record<Procedure, number>;
    closedTotal: number;
  };
  /** What waits on staff now, whenever it happened. */
  failures: {
    messagesFailed: number;
    outboxFailed: number;
    outboxHeld: number;
    outboxUnconfirmed: number;
  };
  installationTasksOpen: number;
  /** The last `SERIES_HOURS` hours, oldest first; the last one is the current, partial hour. */
  throughput: ThroughputPoint[];
  /**
   * By the hour the first answer was sent (not the hour the mail came): a past hour's figure then
   * never changes, and mail still waiting does not pull an hour's latency down.
   */
  latency: LatencyPoint[];
}

const noMessages = (): Record<MessageStatus, number> => ({
  stored: 0,
  queued: 0,
  processing: 0,
  processed: 0,
  ignored: 0,
  oversize: 0,
  duplicate: 0,
  failed: 0,
});

/** The dashboard's first page: today's mail, the cases, what waits on staff, the last day in hours. */
export async function overviewStats(db: Queryable, now: Date): Promise<OverviewStats> {
  const day = agencyDate(now);
  const byStatus = noMessages();
  const today = await db.query<{ status: MessageStatus; n: number }>(
    `SELECT status, count(*)::int AS n FROM messages
     WHERE received_at >= ($1::date::timestamp AT TIME ZONE $2)
       AND received_at < (($1::date + 1)::timestamp AT TIME ZONE $2)
     GROUP BY status`,
    [day, AGENCY_TIME_ZONE],
  );
  for (const r of today.rows) byStatus[r.status] = r.n;

  const cases = await db.query<{
    procedure: Procedure;
    state: CaseState;
    open: boolean;
    n: number;
  }>(
    `SELECT procedure, state, closed_at IS NULL AS open, count(*)::int AS n FROM cases
     GROUP BY procedure, state, closed_at IS NULL ORDER BY procedure, state`,
  );
  const closed = Object.fromEntries(PROCEDURES.map((p) => [p, 0])) as Record<Procedure, number>;
  const open: CaseCount[] = [];
  for (const r of cases.rows) {
    if (r.open) open.push({ procedure: r.procedure, state: r.state, count: r.n });
    else closed[r.procedure] += r.n;
  }

  const failures = (
    await db.query<{ mf: number; of: number; oh: number; ou: number; it: number }>(
      `SELECT (SELECT count(*) FROM messages WHERE status = 'failed')::int AS mf,
              (SELECT count(*) FROM outbox WHERE status = 'failed')::int AS of,
              (SELECT count(*) FROM outbox WHERE status = 'held')::int AS oh,
              (SELECT count(*) FROM outbox WHERE status = 'unconfirmed')::int AS ou,
              (SELECT count(*) FROM installation_tasks WHERE state = 'open')::int AS it`,
    )
  ).rows[0];

  const { throughput, latency } = await hourlySeries(db, now);
  return {
    at: now,
    day,
    messagesToday: { total: sum(Object.values(byStatus)), byStatus },
    cases: {
      open,
      openTotal: sum(open.map((c) => c.count)),
      closed,
      closedTotal: sum(Object.values(closed)),
    },
    failures: {
      messagesFailed: failures?.mf ?? 0,
      outboxFailed: failures?.of ?? 0,
      outboxHeld: failures?.oh ?? 0,
      outboxUnconfirmed: failures?.ou ?? 0,
    },
    installationTasksOpen: failures?.it ?? 0,
    throughput,
    latency,
  };
}

async function hourlySeries(
  db: Queryable,
  now: Date,
): Promise<{ throughput: ThroughputPoint[]; latency: LatencyPoint[] }> {
  // Riga's offset from UTC is whole hours, so UTC hour boundaries are Riga's too.
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const start = new Date(current - (SERIES_HOURS - 1) * HOUR_MS);
  const end = new Date(current + HOUR_MS);
  const bucket = (column: string): string =>
    `floor(extract(epoch FROM ${column} - $1::timestamptz) / 3600)::int`;
  const received = await db.query<{ b: number; n: number }>(
    `SELECT ${bucket('received_at')} AS b, count(*)::int AS n FROM messages
     WHERE received_at >= $1 AND received_at < $2 GROUP BY 1`,
    [start, end],
  );
  const sent = await db.query<{ b: number; n: number }>(
    `SELECT ${bucket('sent_at')} AS b, count(*)::int AS n FROM outbox
     WHERE sent_at >= $1 AND sent_at < $2 GROUP BY 1`,
    [start, end],
  );
  // The first answer sent for each message (ties broken by id), measured from its receipt.
  const latency = await db.query<{ b: number; n: number; p50: number; p95: number }>(
    `SELECT ${bucket('o.sent_at')} AS b, count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - m.received_at)::float8) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - m.received_at)::float8) AS p95
     FROM outbox o JOIN messages m ON m.id = o.trigger_message_id
     WHERE o.sent_at >= $1 AND o.sent_at < $2
       AND NOT EXISTS (SELECT 1 FROM outbox p
                       WHERE p.trigger_message_id = o.trigger_message_id AND p.sent_at IS NOT NULL
                         AND (p.sent_at < o.sent_at OR (p.sent_at = o.sent_at AND p.id < o.id)))
     GROUP BY 1`,
    [start, end],
  );
  const receivedBy = byBucket(received.rows);
  const sentBy = byBucket(sent.rows);
  const latencyBy = byBucket(latency.rows);
  const throughput: ThroughputPoint[] = [];
  const latencies: LatencyPoint[] = [];
  for (let i = 0; i < SERIES_HOURS; i += 1) {
    const hour = new Date(start.getTime() + i * HOUR_MS);
    throughput.push({ hour, received: receivedBy.get(i)?.n ?? 0, sent: sentBy.get(i)?.n ?? 0 });
    const l = latencyBy.get(i);
    latencies.push({
      hour,
      answered: l?.n ?? 0,
      p50Seconds: l ? Number(l.p50) : null,
      p95Seconds: l ? Number(l.p95) : null,
    });
  }
  return { throughput, latency: latencies };
}

function byBucket<Row extends { b: number }>(rows: readonly Row[]): Map<number, Row> {
  return new Map(rows.map((r) => [Number(r.b), r]));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
