import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_TYPES, validateForm, type FormValues } from '../../../src/forms/index.js';
import { renderLetter } from '../../../src/responses/letters/index.js';
import {
  createVerifyContext,
  renderHtml,
  reportOfDocument,
  verifyDocument,
} from '../../../src/signature/index.js';
import { TrustStore } from '../../../src/signature/trust/trust-store.js';
import { html } from '../../../src/web/html.js';
import { context, SAMPLES } from '../responses/letters/support/letter-samples.js';
import { pdfTextReader } from '../responses/letters/support/pdf-text.js';
import { buildZip } from '../signature/asic/zip-builder.js';
import { mimetype, odfManifest } from '../signature/asic/asic-fixtures.js';
import { GOOD, OPTIONS } from './support/good-values.js';

/**
 * Hostile form values for every form type: missing, of the wrong type, a megabyte long, or
 * carrying markup. Validation names each field and never throws; markup that passes validation
 * is printed as text in letters and escaped in every HTML page that shows it.
 */
const SCRIPT = '<script>alert(1)</script>';
const RENDER_TIMEOUT_MS = 30_000;

describe('bad forms: every form type', () => {
  it.each(FORM_TYPES)(
    '%s: when every field is missing, then the required fields are named, not thrown',
    (type) => {
      const result = validateForm(type, {}, OPTIONS);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.length).toBeGreaterThan(0);
      for (const problem of result.problems) {
        expect(problem.field).toMatch(/\S/);
        expect(problem.message).toMatch(/\S/);
      }
    },
  );

  it.each(FORM_TYPES)(
    '%s: when each value has the wrong type (text as a tick, a tick as text), then that field is named',
    (type) => {
      for (const [field, value] of Object.entries(GOOD[type])) {
        const wrong: FormValues = {
          ...GOOD[type],
          [field]: typeof value === 'string' ? true : 'jā',
        };
        const result = validateForm(type, wrong, OPTIONS);
        // A tick given as text may still read as ticked/unticked, and yes/no questions may come
        // as checkboxes (checked means yes); any other text given as a tick never passes.
        if (typeof value === 'string' && value.trim() !== '' && !['yes', 'no'].includes(value)) {
          expect(result.ok, `${type}.${field}`).toBe(false);
          if (!result.ok)
            expect(result.problems.map((p) => p.field).join(' '), `${type}.${field}`).toMatch(/\S/);
        }
      }
    },
  );

  it.each(FORM_TYPES)(
    '%s: when every text field holds a megabyte, then each is one clear problem, quickly',
    (type) => {
      const huge: FormValues = Object.fromEntries(
        Object.entries(GOOD[type]).map(([field, value]) => [
          field,
          typeof value === 'string' ? 'ā'.repeat(1024 * 1024) : value,
        ]),
      );
      const started = performance.now();
      const result = validateForm(type, huge, OPTIONS);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const fields = result.problems.map((p) => p.field);
      expect(new Set(fields).size).toBe(fields.length);
      for (const problem of result.problems) expect(problem.message.length).toBeLessThan(300);
    },
  );

  it('when a name holds markup, then validation keeps it as text (escaping is the output’s job)', () => {
    const result = validateForm(
      'eservice-registration',
      { ...GOOD['eservice-registration'], eserviceNameLv: SCRIPT },
      OPTIONS,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.stringify(result.data)).toContain(SCRIPT);
  });
});

describe(
  'bad forms: script in a value is text in every letter and page',
  { timeout: RENDER_TIMEOUT_MS },
  () => {
    let reader: Awaited<ReturnType<typeof pdfTextReader>>;
    beforeAll(async () => {
      reader = await pdfTextReader();
    });
    afterAll(() => reader.close());

    it('when an e-service name holds a script, then the confirmation letter prints it literally', async () => {
      const data = { ...SAMPLES['registration-confirmed'], eserviceName: SCRIPT };
      const text = await reader.text(
        await renderLetter('registration-confirmed', 'lv', data, context()),
      );
      expect(text).toContain(SCRIPT);
    });

    it('when access-rights people hold markup, then the granted-access letter prints it literally', async () => {
      const sample = SAMPLES['access-granted'] as { grants: Array<Record<string, string>> };
      const data = {
        ...SAMPLES['access-granted'],
        grants: sample.grants.map((g) => ({ ...g, name: '<img src=x onerror=alert(1)>' })),
      };
      const text = await reader.text(await renderLetter('access-granted', 'en', data, context()));
      expect(text).toContain('<img src=x onerror=alert(1)>');
    });

    it('when a container entry is named with markup, then the HTML validation report escapes it', async () => {
      // Not listed in manifest.xml, so the report names it.
      const name = '<img src=x onerror=alert(1)>.txt';
      const bytes = buildZip([
        mimetype(),
        { name: 'a.txt', data: 'x' },
        { name, data: 'x' },
        odfManifest(['a.txt']),
      ]);
      const at = new Date('2026-01-02T03:04:05Z');
      const document = await verifyDocument(
        `"><svg onload=alert(1)>.asice`,
        bytes,
        createVerifyContext({ trust: new TrustStore([]), offline: true, at }),
      );
      const page = renderHtml(reportOfDocument(document, at, true));
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<svg onload');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.txt');
    });

    it('when a dashboard template gets a form value with markup, then it is escaped', () => {
      const value = `${SCRIPT}" onmouseover="x`;
      const page = String(html`<td title="${value}">${value}</td>`);
      expect(page).not.toMatch(/<script|" onmouseover/);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x');
    });
  },
);
