import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../../src/adapters/smtp-sender.js';

describe('what an SMTP failure means for sending again', () => {
  const classify = (error: object) => classifySmtpError(error, 'SMTP relay').code;

  it('a 5xx reply is a refusal for good, a 4xx reply is temporary', () => {
    expect(classify({ responseCode: 550, command: 'RCPT TO', message: 'no such user' })).toBe(
      'SMTP_REJECTED',
    );
    expect(classify({ responseCode: 451, command: 'DATA', message: 'try later' })).toBe(
      'SMTP_TEMPORARY',
    );
  });

  it('a failure before the message went out is safe to retry', () => {
    expect(classify({ code: 'ECONNECTION', command: 'CONN', message: 'refused' })).toBe(
      'SMTP_TEMPORARY',
    );
    expect(classify({ code: 'ESOCKET', message: 'connect ECONNREFUSED' })).toBe('SMTP_TEMPORARY');
    expect(classify({ code: 'EENVELOPE', command: 'MAIL FROM', message: 'closed' })).toBe(
      'SMTP_TEMPORARY',
    );
  });

  it('a connection lost after the message was sent is not retried: it may have been delivered', () => {
    expect(classify({ code: 'ETIMEDOUT', command: 'DATA', message: 'timeout' })).toBe(
      'SMTP_OUTCOME_UNKNOWN',
    );
  });
});
