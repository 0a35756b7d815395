import pg from 'pg';
import { AppError, isAppError } from '../errors/index.js';
import type { Database, Queryable, QueryResult } from './database.js';

/** A statement that has not answered by then is treated as a stuck connection. */
const STATEMENT_TIMEOUT_MS = 30_000;
/** How long a new connection may take before the database counts as unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** Every connection uses this schema first (tests run in a schema of their own). */
  schema?: string | undefined;
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    ...(options.schema === undefined
      ? {}
      : { options: `-c search_path=${quoteIdent(options.schema)},public` }),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  const run = async <Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>> => {
    try {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (cause) {
      throw translate(cause);
    }
  };

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => void (await run(pool, sql)),
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (cause) {
        throw translate(cause);
      }
      // The pool listens for errors only on idle clients: a checked-out one whose server goes
      // away (a restart terminates every backend) would emit an unhandled 'error' and end the
      // process. Here the error fails the transaction's query instead (DB_UNAVAILABLE, retried),
      // and the broken client is destroyed on release rather than handed out again.
      let lost: Error | undefined;
      const onError = (error: Error): void => {
        lost = error;
      };
      client.on('error', onError);
      const tx: Queryable = {
        query: (sql, params) => run(client, sql, params),
        exec: async (sql) => void (await run(client, sql)),
      };
      try {
        await client.query('BEGIN');
        const value = await work(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw lost && !isAppError(error) ? translate(lost) : error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
    async ping() {
      await run(pool, 'SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Connection-level failures are retryable; SQL errors are bugs or constraint violations and pass through. */
function translate(cause: unknown): unknown {
  const code = (cause as { code?: unknown }).code;
  const connectionLost =
    typeof code === 'string' &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P03',
      '08006',
      '08001',
      '08003',
    ].includes(code);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (
    connectionLost ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return new AppError('DB_UNAVAILABLE', `database unavailable: ${message}`, { cause });
  }
  return cause;
}
