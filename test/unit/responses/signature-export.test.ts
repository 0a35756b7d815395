import { describe, expect, it } from 'vitest';
import {
  csvCell,
  SIGNATURE_CSV_COLUMNS,
  toCsv,
  toJson,
  type SignatureReportRow,
} from '../../../src/responses/reports/index.js';

function row(overrides: Partial<SignatureReportRow> = {}): SignatureReportRow {
  return {
    documentId: '17',
    sha256: 'ab'.repeat(32),
    filename: 'registracija.pdf',
    size: 48213,
    messageId: '9',
    mailbox: 'e-address',
    sender: 'iestade@institution-a.test',
    subject: 'Reģistrācijas veidlapa',
    receivedAt: new Date('2026-03-02T09:10:00Z'),
    verifiedAt: new Date('2026-03-02T09:11:30.250Z'),
    caseNumber: 'P1-2026-00001',
    institutionRegNo: '90000012345',
    institutionName: 'Testa iestāde',
    formType: 'eservice-registration',
    signer: 'CN=Anna Bērziņa,C=LV',
    certificateSerial: '4f1a09c2',
    qualification: 'QESig',
    level: 'B-T',
    indication: 'TOTAL_PASSED',
    subIndication: null,
    accepted: true,
    reasons: [],
    timestampTime: '2026-03-02T09:14:05Z',
    revocationSource: 'embedded OCSP',
    format: 'PAdES',
    ...overrides,
  };
}

const lines = (csv: string): string[] => csv.split('\r\n');

/** A strict RFC 4180 reader, to read back what toCsv wrote. */
function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let cell = '';
    if (csv[i] === '"') {
      for (i += 1; ; i += 1) {
        if (i >= csv.length) throw new Error('unterminated quoted cell');
        if (csv[i] === '"' && csv[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (csv[i] === '"') {
          i += 1;
          break;
        } else cell += csv[i];
      }
    } else
      while (i < csv.length && csv[i] !== ',' && csv[i] !== '\r') {
        if (csv[i] === '"' || csv[i] === '\n') throw new Error(`bare ${csv[i]} at ${i}`);
        cell += csv[i];
        i += 1;
      }
    record.push(cell);
    if (csv[i] === ',') i += 1;
    else if (csv.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  return records;
}

describe('the signature report as CSV', () => {
  it('when rows are exported, then the header names the columns in the published order and each row follows it', () => {
    const csv = toCsv([row()]);
    const [header, cells = []] = parseCsv(csv);

    expect(lines(csv)[0]).toBe(SIGNATURE_CSV_COLUMNS.join(','));
    expect(header).toEqual([...SIGNATURE_CSV_COLUMNS]);
    expect(SIGNATURE_CSV_COLUMNS.slice(0, 4)).toEqual(['documentId', 'sha256', 'filename', 'size']);
    expect(cells).toHaveLength(SIGNATURE_CSV_COLUMNS.length);
    const at = (column: (typeof SIGNATURE_CSV_COLUMNS)[number]): string | undefined =>
      cells[SIGNATURE_CSV_COLUMNS.indexOf(column)];
    expect(at('documentId')).toBe('17');
    expect(at('size')).toBe('48213');
    expect(at('verifiedAt')).toBe('2026-03-02T09:11:30.250Z');
    expect(at('accepted')).toBe('true');
    expect(at('subIndication')).toBe('');
    expect(at('signer')).toBe('CN=Anna Bērziņa,C=LV');
    expect(at('receivedAt')).toBe('2026-03-02T09:10:00.000Z');
    expect(at('format')).toBe('PAdES');
  });

  it('when the output is written, then every line ends in CRLF, there is no BOM, and no rows gives the header alone', () => {
    const csv = toCsv([row(), row({ documentId: '18' })]);

    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines(csv)).toHaveLength(4);
    expect(parseCsv(csv)).toHaveLength(3);
    expect(toCsv([])).toBe(`${SIGNATURE_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('when a value holds a quote, comma or line break, then the cell is quoted and its quotes doubled', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Iestāde "Alfa", SIA')).toBe('"Iestāde ""Alfa"", SIA"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');

    const subject = 'Re: "forma", 2. versija\r\nP.S.';
    const csv = toCsv([row({ subject })]);
    expect(csv).toContain(',"Re: ""forma"", 2. versija\r\nP.S.",');
    expect(parseCsv(csv)[1]?.[SIGNATURE_CSV_COLUMNS.indexOf('subject')]).toBe(subject);
  });

  it('when a value starts like a spreadsheet formula, then it gets a leading apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}HYPERLINK("http://x.test")`)).toBe(
        `"'${start}HYPERLINK(""http://x.test"")"`,
      );
    for (const start of ['=', '+', '-', '@', '\t'])
      expect(csvCell(`${start}SUM(A1:A9)`)).toBe(`'${start}SUM(A1:A9)`);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-5')).toBe("'-5");
    // Not at the start: an ordinary value.
    expect(csvCell('a=b')).toBe('a=b');

    const csv = toCsv([row({ subject: "=cmd|' /C calc'!A0", filename: '@SUM(A1).pdf' })]);
    const cells = parseCsv(csv)[1] ?? [];
    expect(cells[SIGNATURE_CSV_COLUMNS.indexOf('subject')]).toBe("'=cmd|' /C calc'!A0");
    expect(cells[SIGNATURE_CSV_COLUMNS.indexOf('filename')]).toBe("'@SUM(A1).pdf");
  });

  it('when a guarded value also needs quotes, then the apostrophe goes inside the quotes', () => {
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('when a document has several reasons, then they share one cell, separated by "; "', () => {
    const csv = toCsv([
      row({
        accepted: false,
        reasons: ['signature S1 has no valid time-stamp', 'the document is not signed'],
      }),
    ]);
    expect(parseCsv(csv)[1]?.[SIGNATURE_CSV_COLUMNS.indexOf('reasons')]).toBe(
      'signature S1 has no valid time-stamp; the document is not signed',
    );
  });
});

describe('the signature report as JSON', () => {
  it('when rows and totals are exported, then dates are ISO 8601 and the totals, count and period are there', () => {
    const totals = {
      total: 2,
      accepted: 1,
      refused: 1,
      byIndication: { TOTAL_PASSED: 1, INDETERMINATE: 1 },
      byReason: { 'the document is not signed': 1 },
    };
    const parsed = JSON.parse(
      toJson([row()], totals, {
        from: new Date('2026-02-28T22:00:00Z'),
        to: new Date('2026-03-31T21:00:00Z'),
      }),
    ) as Record<string, unknown> & { rows: Array<Record<string, unknown>> };

    expect(parsed.totals).toEqual(totals);
    expect(parsed.count).toBe(1);
    expect(parsed.period).toEqual({
      from: '2026-02-28T22:00:00.000Z',
      to: '2026-03-31T21:00:00.000Z',
    });
    expect(parsed.rows[0]).toMatchObject({
      documentId: '17',
      receivedAt: '2026-03-02T09:10:00.000Z',
      verifiedAt: '2026-03-02T09:11:30.250Z',
      reasons: [],
      accepted: true,
    });
  });

  it('when no totals are given, then the JSON has rows and count only', () => {
    expect(Object.keys(JSON.parse(toJson([])) as object)).toEqual(['count', 'rows']);
  });
});
