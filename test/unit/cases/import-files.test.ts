import { describe, expect, it } from 'vitest';
import {
  ImportRejected,
  parseAuditRecordFile,
  parseCatalogueFile,
  parseCsv,
} from '../../../src/cases/import-files.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('importing the IS catalogue and audit records', () => {
  it('CSV with quotes, commas and Latvian letters is read by its header', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",ā\n\n')).toEqual([{ a: 'x, "y"', b: 'ā' }]);
  });

  it('a catalogue in CSV and in JSON gives the same entries', () => {
    const csv =
      'identifier,name,version,institutionRegNo\nTP-001,Adrešu meklēšana,1.2,90000000001\n';
    const json =
      '[{"identifier":"TP-001","name":"Adrešu meklēšana","version":"1.2","institutionRegNo":"90000000001"}]';
    expect(parseCatalogueFile('c.csv', bytes(csv))).toEqual(
      parseCatalogueFile('c.json', bytes(json)),
    );
  });

  it('a file with bad rows is refused whole, naming each bad row', () => {
    const csv = 'identifier,name,version\nTP-001,Ok,1\nbad id,,1\nTP-3,x,\n';
    try {
      parseCatalogueFile('c.csv', bytes(csv));
      expect.unreachable('the file has bad rows');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportRejected);
      expect((error as ImportRejected).problems).toHaveLength(2);
      expect((error as ImportRejected).problems[0]).toMatch(/^row 2:/);
    }
  });

  it('audit records read ok flags and timestamps', () => {
    const csv =
      'serviceIdentifier,at,consumer,operation,ok\nTP-001,2026-01-01T10:00:00Z,VID,get,ok\nTP-001,2026-01-02T10:00:00+02:00,LVRTC,get,false\n';
    const rows = parseAuditRecordFile('a.csv', bytes(csv));
    expect(rows.map((r) => r.ok)).toEqual([true, false]);
    expect(rows[1]?.at.toISOString()).toBe('2026-01-02T08:00:00.000Z');
  });

  it('JSON that is not an array is refused with a reason', () => {
    expect(() => parseCatalogueFile('c.json', bytes('[1'))).toThrow(/not valid JSON/);
  });
});
