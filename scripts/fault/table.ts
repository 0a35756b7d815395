/** The drills' results as the table the issue asks for, and the dead letters with their reasons. */
import type { DrillResult } from './drill.js';

const HEADER = [
  'scenario',
  'submissions',
  'cases',
  'answers delivered',
  'duplicates',
  'lost',
  'dead letters',
  'unconfirmed → staff',
  'outbox',
  'time to recover',
] as const;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function outboxCell(outbox: Record<string, number>): string {
  const entries = Object.entries(outbox);
  return entries.length === 0 ? '—' : entries.map(([s, n]) => `${n} ${s}`).join(', ');
}

export function resultRow(result: DrillResult): string[] {
  const o = result.outcome;
  return [
    result.scenario,
    String(o.submissions),
    String(o.withCase + o.extraCases),
    String(o.answersDelivered),
    String(o.duplicates + o.extraCases),
    String(o.lost),
    String(o.deadLetters.length),
    result.staff.confirmed + result.staff.released === 0
      ? '0'
      : `${result.staff.confirmed} confirmed, ${result.staff.released} released`,
    outboxCell(o.outbox),
    result.quiet
      ? `${seconds(result.recoverMs)} (quiet ${seconds(result.quietMs)})`
      : `not quiet after ${seconds(result.quietMs)}`,
  ];
}

/** A Markdown table: readable in a terminal and pasteable into the issue. */
export function resultTable(results: readonly DrillResult[]): string {
  const rows = [Array.from(HEADER), ...results.map(resultRow)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(rows[0] ?? []),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Every dead letter and every lost or duplicated submission, per scenario. */
export function resultDetails(results: readonly DrillResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.outcome.deadLetters)
      lines.push(`${r.scenario}: dead letter ${d.stage} ${d.jobId}: ${d.reason}`);
    for (const e of r.outcome.examples) lines.push(`${r.scenario}: ${e}`);
    const kinds = Object.entries(r.outcome.answerKinds).filter(([k]) => k !== EXPECTED_ANSWER);
    if (kinds.length > 0)
      lines.push(
        `${r.scenario}: answers other than ${EXPECTED_ANSWER}: ${kinds.map(([k, n]) => `${n} ${k}`).join(', ')}`,
      );
    const messages = Object.entries(r.outcome.messages);
    if (messages.length > 0)
      lines.push(
        `${r.scenario}: messages not processed: ${messages.map(([s, n]) => `${n} ${s}`).join(', ')}`,
      );
  }
  return lines.join('\n');
}

/** What every drill submission (a valid, signed registration form) must be answered with. */
export const EXPECTED_ANSWER = 'registration-confirmed';

/** Whether a result is what the drills promise: nothing lost, nothing twice, nothing left open. */
export function resultHolds(result: DrillResult): boolean {
  const o = result.outcome;
  const notSent = Object.entries(o.outbox).some(([status, n]) => status !== 'sent' && n > 0);
  const otherAnswers = Object.keys(o.answerKinds).some((kind) => kind !== EXPECTED_ANSWER);
  return (
    result.quiet &&
    o.lost === 0 &&
    o.duplicates === 0 &&
    o.extraCases === 0 &&
    o.extraMessages === 0 &&
    o.withCase === o.submissions &&
    !notSent &&
    !otherAnswers &&
    o.deadLetters.length === 0
  );
}
