import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  renderReportPdf,
  sealedReportPdf,
  type ReportPdfMeta,
} from '../../../src/responses/reports/index.js';
import { pemSigner, sealPdf } from '../../../src/responses/sign/index.js';
import { analysePdf } from '../../../src/signature/pades/analyse-pdf.js';
import { documentReport, signatureReport } from '../../support/document-reports.js';
import { pdfTextReader } from './letters/support/pdf-text.js';
import { makeSealChain } from './support/throwaway-pki.js';

/** Rendering and pdftotext take well under a second each; a 40-signature report a little more. */
const RENDER_TIMEOUT_MS = 60_000;
const A4 = { width: 595.28, height: 841.89 };

let reader: Awaited<ReturnType<typeof pdfTextReader>>;
beforeAll(async () => {
  reader = await pdfTextReader();
});
afterAll(() => reader.close());

const meta = (overrides: Partial<ReportPdfMeta> = {}): ReportPdfMeta => ({
  documentId: '4711',
  filename: 'piekluves-tiesibas.pdf',
  receivedAt: new Date('2026-03-02T09:10:00Z'),
  verifiedAt: new Date('2026-03-02T09:11:00Z'),
  sender: 'iestade@institution-a.test',
  caseNumber: 'P1-2026-00007',
  generatedAt: new Date('2026-04-01T08:00:00Z'),
  agencyName: 'Valsts Testa Aģentūra',
  ...overrides,
});

const refused = documentReport('piekluves-tiesibas.pdf', [
  signatureReport({
    signer: 'Jānis Kalniņš',
    indication: 'INDETERMINATE',
    subIndication: 'TRY_LATER',
    revocationSource: 'OCSP',
    errors: ['the OCSP responder did not answer'],
  }),
]);

describe('the validation report as a PDF', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('when a refused document is rendered, then the A4 PDF names the document, verdict, reasons and the signature with its indication', async () => {
    const pdf = await renderReportPdf(refused, meta());
    const doc = await PDFDocument.load(pdf);
    const text = await reader.text(pdf);

    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      expect(width).toBeCloseTo(A4.width, 1);
      expect(height).toBeCloseTo(A4.height, 1);
    }
    expect(doc.getTitle()).toBe('Signature validation report');
    for (const expected of [
      'Valsts Testa Aģentūra',
      'Signature validation report',
      'piekluves-tiesibas.pdf',
      refused.sha256,
      'P1-2026-00007',
      'iestade@institution-a.test',
      '2026-03-02T09:10:00.000Z',
      'Verified 2026-03-02T09:11:00.000Z',
      'NOT ACCEPTED',
      'signature Signature1 (Jānis Kalniņš) is not verifiable (TRY_LATER)',
      'CN=Jānis Kalniņš',
      'QESig',
      'B-T',
      'INDETERMINATE / TRY_LATER',
      '2026-03-02T09:14:05Z',
      'CN=Test TSA',
      'good, from OCSP',
      'CN=Test Qualified CA',
      'error: the OCSP responder did not answer',
      'chain.revocation (indeterminate): no revocation information',
      `Page 1 of ${doc.getPageCount()}`,
      'This report restates the verification stored when the document was taken in.',
    ])
      expect(text).toContain(expected);
  });

  it('when an accepted document is rendered, then the verdict says ACCEPTED and no check is listed as not passed', async () => {
    const accepted = documentReport('registracija.pdf', [signatureReport()]);
    expect(accepted.accepted).toBe(true);

    const text = await reader.text(await renderReportPdf(accepted, meta()));

    expect(text).toContain('Intake policy verdict: ACCEPTED');
    expect(text).toContain('TOTAL_PASSED');
    expect(text).not.toContain('NOT ACCEPTED');
    expect(text).not.toContain('Checks not passed');
  });

  it('when the same report is rendered twice, then the bytes are the same; another generation time changes them', async () => {
    const first = await renderReportPdf(refused, meta());
    const second = await renderReportPdf(refused, meta());
    const later = await renderReportPdf(
      refused,
      meta({ generatedAt: new Date('2026-04-02T08:00:00Z') }),
    );

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
    expect((await PDFDocument.load(first)).getCreationDate()).toEqual(meta().generatedAt);
  });

  it('when a document carries 40 signatures, then the report runs over several numbered pages and lists every one', async () => {
    const signatures = Array.from({ length: 40 }, (_, i) =>
      signatureReport({
        id: `Signature${i + 1}`,
        signer: `Parakstītājs Nr ${i + 1}`,
        serial: (0x1000 + i).toString(16),
      }),
    );
    const pdf = await renderReportPdf(documentReport('many.pdf', signatures), meta());
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    const text = await reader.text(pdf);

    expect(pages).toBeGreaterThan(5);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    for (let i = 1; i <= 40; i += 1) {
      expect(text).toContain(`Signature ${i} of 40: Signature${i} (PAdES)`);
      expect(text).toContain(`CN=Parakstītājs Nr ${i},`);
    }
  });

  it('when a document is unsigned, then the report says so', async () => {
    const unsigned = documentReport('vestule.pdf', []);
    const text = await reader.text(await renderReportPdf(unsigned, meta({ caseNumber: null })));

    expect(text).toContain('the document is not signed');
    expect(text).toContain('The document carries no signature.');
    expect(text).not.toContain('Case');
  });

  it('when the generation time is not a date, then nothing is rendered', async () => {
    await expect(renderReportPdf(refused, meta({ generatedAt: new Date('x') }))).rejects.toThrow(
      RangeError,
    );
  });

  it('when the report is sealed with the given seal, then the result is the rendered report with one seal over the whole file', async () => {
    const chain = makeSealChain();
    const signer = pemSigner(chain.seal.certPem, chain.seal.keyPem, chain.ca.certPem);
    const unsealed = await renderReportPdf(refused, meta());
    const fields: Array<string | undefined> = [];

    const sealed = await sealedReportPdf(refused, meta(), (pdf, fieldName) => {
      fields.push(fieldName);
      return sealPdf(pdf, { signer, signingTime: new Date(), ...(fieldName ? { fieldName } : {}) });
    });

    expect(fields).toEqual([undefined]);
    expect(Buffer.from(sealed.subarray(0, unsealed.length)).equals(Buffer.from(unsealed))).toBe(
      true,
    );
    const analysis = analysePdf(sealed);
    expect(analysis.signatures).toHaveLength(1);
    expect(analysis.signatures[0]?.coverageVerdict).toBe('whole-document');
  });
});
