import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/logger.js';
import { MASK, maskPersonalCodes, redactValue } from '../../../src/adapters/redact.js';

describe('personal data in logs', () => {
  it('masks Latvian personal codes in old and new formats, with and without the hyphen', () => {
    expect(maskPersonalCodes('signer 010180-12345 and 32123456789 and 010180 12345')).toBe(
      `signer ${MASK} and ${MASK} and 010180 12345`,
    );
    expect(maskPersonalCodes('pk 0101801234')).toBe('pk 0101801234');
  });

  it('keeps institution registration numbers readable', () => {
    expect(maskPersonalCodes('iestāde 90000012345, SIA 40003012345')).toBe(
      'iestāde 90000012345, SIA 40003012345',
    );
  });

  it('masks ETSI natural-person identifiers from certificate names', () => {
    expect(maskPersonalCodes('serialNumber=PNOLV-010180-12345,CN=JĀNIS BĒRZIŅŠ')).toBe(
      `serialNumber=${MASK},CN=JĀNIS BĒRZIŅŠ`,
    );
    expect(maskPersonalCodes('PNOEE-38001085718')).toBe(MASK);
  });

  it('drops secrets by key wherever they sit', () => {
    expect(
      redactValue({ smtp: { password: 'hunter2', host: 'x' }, list: [{ pin: '1234' }] }),
    ).toEqual({
      smtp: { password: MASK, host: 'x' },
      list: [{ pin: MASK }],
    });
  });

  it('when the logger writes a line with a personal code and a password, then neither reaches the output', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      { signer: 'PNOLV-010180-12345', auth: { password: 'hunter2' } },
      'verified for 010180-12345',
    );
    logger.error({ err: new Error('bad cert of 32123456789') }, 'failed');
    await new Promise((r) => setImmediate(r));
    const output = lines.join('');
    expect(output).not.toMatch(/12345|hunter2|32123456789/);
    expect(output).toContain(MASK);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'info',
      msg: `verified for ${MASK}`,
    });
  });
});
