import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../../../src/responses/letters/index.js';
import { context, SAMPLES } from './support/letter-samples.js';

/** Rendering and pdftotext take well under a second each; a loaded CI machine may take longer. */
const RENDER_TIMEOUT_MS = 30_000;

const trailerId = (pdf: Uint8Array): string | undefined =>
  /\/ID \[ ?<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)> ?\]/.exec(Buffer.from(pdf).toString('latin1'))?.[1];

describe('renderLetter: the same letter is the same bytes', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('when the same answer is rendered twice, then the two PDFs are byte-identical', async () => {
    const first = await renderLetter('access-granted', 'lv', SAMPLES['access-granted'], context());
    const second = await renderLetter('access-granted', 'lv', SAMPLES['access-granted'], context());

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('when the date differs, then the bytes differ (dates and /ID)', async () => {
    const first = await renderLetter('refusal', 'en', SAMPLES.refusal, context());
    const later = await renderLetter(
      'refusal',
      'en',
      SAMPLES.refusal,
      context({ date: new Date('2026-03-05T09:15:01Z') }),
    );

    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
    expect(trailerId(later)).not.toBe(trailerId(first));
  });

  it('when the content differs, then the document /ID differs; it is 16 bytes, both halves equal', async () => {
    const one = await renderLetter('reminder', 'lv', SAMPLES.reminder, context());
    const other = await renderLetter(
      'reminder',
      'lv',
      { ...SAMPLES.reminder, identifier: 'EP-2026-00043' },
      context(),
    );
    const raw = Buffer.from(one).toString('latin1');
    const [, first, second] = /\/ID \[ ?<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)> ?\]/.exec(raw) ?? [];

    expect(first).toMatch(/^[0-9A-Fa-f]{32}$/);
    expect(second).toBe(first);
    expect(trailerId(other)).not.toBe(first);
  });

  it('when a letter is rendered, then no wall-clock time gets into it', async () => {
    const pdf = await renderLetter('installation-done', 'en', {}, context());
    const dates =
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\(D:\d{14}/g) ?? [];

    expect(dates).toEqual(['(D:20260305091500', '(D:20260305091500']);
  });
});
