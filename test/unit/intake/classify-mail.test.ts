import { describe, expect, it } from 'vitest';
import { classifyMail } from '../../../src/intake/classify-mail.js';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] });
const own = ['e-adrese@agency.test', 'atbalsts@agency.test'];

describe('which mail may be answered', () => {
  it('a plain form from an institution may be answered', () => {
    expect(
      classifyMail(
        headers({ 'content-type': 'multipart/mixed; boundary=x' }),
        'iestade@institution-a.test',
        own,
      ),
    ).toEqual({ answerable: true });
    expect(
      classifyMail(headers({ 'auto-submitted': 'no' }), 'iestade@institution-a.test', own),
    ).toEqual({ answerable: true });
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'x@y.test', /Auto-Submitted: auto-replied/],
    [{ 'content-type': 'multipart/report; report-type=delivery-status' }, 'x@y.test', /bounce/],
    [{ 'return-path': '<>' }, 'x@y.test', /empty Return-Path/],
    [{ precedence: 'bulk' }, 'x@y.test', /Precedence: bulk/],
    [{ 'x-loop': 'intake' }, 'x@y.test', /X-Loop/],
    [{ 'list-unsubscribe': '<mailto:u@l.test>' }, 'x@y.test', /mailing-list/],
    [{ 'x-autoreply': 'yes' }, 'x@y.test', /autoresponder/],
    [{}, 'MAILER-DAEMON@mx.test', /mail system/],
    [{}, 'E-Adrese@agency.test', /agency's own address/],
    [{}, undefined, /no sender/],
  ])('never answers %o from %s', (h, sender, reason) => {
    const result = classifyMail(headers(h), sender, own);
    expect(result.answerable).toBe(false);
    expect(result.answerable ? '' : result.reason).toMatch(reason);
  });
});
