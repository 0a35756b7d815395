import { maskPersonalCodes } from '../../adapters/redact.js';
import type { Queryable } from '../database.js';

/**
 * The pieces every dashboard list is made of: bounded pages, WHERE clauses whose user input only
 * ever travels as parameters, LIKE patterns with the wildcards escaped, and masking of personal
 * codes in free text that came from outside.
 */

/** One screen of rows. */
export const DEFAULT_PAGE_SIZE = 50;
/** Bounds the work and the page one request can ask for; exports go through the CLI. */
export const MAX_PAGE_SIZE = 500;
/** Longer than any field it is matched against; bounds the LIKE pattern a request can send. */
export const MAX_SEARCH_LENGTH = 200;

export interface PageRequest {
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface Page<T> {
  items: T[];
  /** All rows matching the filter, for the pager. */
  total: number;
  limit: number;
  offset: number;
}

/** A WHERE clause built from fixed SQL and parameters: user input only ever goes in `params`. */
export interface Conditions {
  params: unknown[];
  /** Adds a clause about `value`; `clause` gets its placeholder (`$n`). */
  add(clause: (placeholder: string) => string, value: unknown): void;
  /** Adds a clause without a parameter. */
  fixed(clause: string): void;
  sql(): string;
}

export function conditions(): Conditions {
  const clauses: string[] = [];
  const params: unknown[] = [];
  return {
    params,
    add(clause, value) {
      params.push(value);
      clauses.push(clause(`$${params.length}`));
    },
    fixed(clause) {
      clauses.push(clause);
    },
    sql: () => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''),
  };
}

/** The limit and offset a request may have, within bounds. */
export function pageBounds(request: PageRequest): { limit: number; offset: number } {
  const limit = Number.isFinite(request.limit)
    ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(request.limit ?? DEFAULT_PAGE_SIZE)))
    : DEFAULT_PAGE_SIZE;
  const offset = Number.isFinite(request.offset) ? Math.max(0, Math.floor(request.offset ?? 0)) : 0;
  return { limit, offset };
}

/** One page of a listing and the total behind it; `orderBy` must end in a unique key. */
export async function page<Row, T>(
  db: Queryable,
  request: PageRequest,
  query: {
    select: string;
    from: string;
    where: Conditions;
    orderBy: string;
    map: (row: Row) => T;
  },
): Promise<Page<T>> {
  const { limit, offset } = pageBounds(request);
  const params = query.where.params;
  const where = query.where.sql();
  const rows = await db.query<Row>(
    `SELECT ${query.select} FROM ${query.from} ${where} ORDER BY ${query.orderBy}
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  // A short page that is not past the end tells the total without counting.
  let total = offset + rows.rows.length;
  if (rows.rows.length === limit || (rows.rows.length === 0 && offset > 0)) {
    const counted = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${query.from} ${where}`,
      params,
    );
    total = counted.rows[0]?.n ?? 0;
  }
  return { items: rows.rows.map(query.map), total, limit, offset };
}

/** A case-insensitive substring pattern for ILIKE … ESCAPE '\', or undefined for no filter. */
export function containing(input: string | undefined): string | undefined {
  const text = input?.trim().slice(0, MAX_SEARCH_LENGTH);
  if (!text) return undefined;
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function masked(text: string | null): string | null {
  return text === null ? null : maskPersonalCodes(text);
}

export function dateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function parseJson<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
