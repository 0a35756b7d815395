import { agencyYear } from './agency-calendar.js';
import type { CaseStore } from './ports.js';

/** Case numbers people quote on the phone: `P1-2026-00007`, `ATB-2026-00012` (support). */
export const CASE_NUMBER_WIDTH = 5;

export async function nextCaseNumber(store: CaseStore, prefix: string, now: Date): Promise<string> {
  const year = agencyYear(now);
  const sequence = await store.nextInCounter(`case:${prefix}:${year}`);
  return `${prefix}-${year}-${String(sequence).padStart(CASE_NUMBER_WIDTH, '0')}`;
}

/** A ticket or case number quoted in a subject line. */
export const CASE_NUMBER_IN_TEXT = /\b(?:P1|P2|ATB)-\d{4}-\d{5,}\b/;
