import { printable } from './clean-text.js';
import { MAX_LIST_CHARS, MAX_LIST_ITEMS, MAX_VALUE_CHARS } from './letter-limits.js';

/**
 * Reading an answer's `data` without trusting its shape: it was written by the procedures, but
 * from values institutions typed into forms, and it has been through JSON in the outbox. A
 * missing or odd-shaped value reads as "no value"; nothing here throws.
 */

export type DataRecord = Record<string, unknown>;

/** A list cut to the limits, with the number of items left out. */
export interface CappedList<T> {
  items: T[];
  more: number;
}

function isRecord(value: unknown): value is DataRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record's own value at `key` (never one inherited from Object.prototype). */
export function valueAt(data: DataRecord, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

export function textAt(data: DataRecord, key: string, max = MAX_VALUE_CHARS): string | null {
  return printable(valueAt(data, key), max);
}

export function recordAt(data: DataRecord, key: string): DataRecord | null {
  const value = valueAt(data, key);
  return isRecord(value) ? value : null;
}

export function flagAt(data: DataRecord, key: string): boolean | null {
  const value = valueAt(data, key);
  return typeof value === 'boolean' ? value : null;
}

/** A lone value where a list belongs is read as a list of one. */
function asArray(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * The printable items of the list at `key`, at most MAX_LIST_ITEMS of them and MAX_LIST_CHARS
 * together; items that are no printable value are skipped, the ones past the limits counted.
 */
export function textListAt(
  data: DataRecord,
  key: string,
  max = MAX_VALUE_CHARS,
): CappedList<string> {
  const values = asArray(valueAt(data, key));
  const items: string[] = [];
  let chars = 0;
  let index = 0;
  for (; index < values.length && items.length < MAX_LIST_ITEMS; index += 1) {
    const text = printable(values[index], max);
    if (text === null) continue;
    if (chars + text.length > MAX_LIST_CHARS && items.length > 0) break;
    items.push(text);
    chars += text.length;
  }
  return { items, more: values.length - index };
}

/** The records of the list at `key`, at most MAX_LIST_ITEMS; other items are skipped. */
export function recordListAt(data: DataRecord, key: string): CappedList<DataRecord> {
  const values = asArray(valueAt(data, key));
  const items: DataRecord[] = [];
  let index = 0;
  for (; index < values.length && items.length < MAX_LIST_ITEMS; index += 1) {
    const value = values[index];
    if (isRecord(value)) items.push(value);
  }
  return { items, more: values.length - index };
}
