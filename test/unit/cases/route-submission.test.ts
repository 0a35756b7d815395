import { describe, expect, it } from 'vitest';
import { routeSubmission } from '../../../src/cases/route-submission.js';
import type { Submission, SubmittedDocument } from '../../../src/cases/submission.js';
import type { FormType } from '../../../src/forms/index.js';

const doc = (formType: FormType | null): SubmittedDocument => ({
  id: String(Math.random()),
  filename: 'f.pdf',
  contentType: 'application/pdf',
  sha256: 'x',
  size: 1,
  signature: null,
  form: formType
    ? { formType, formVersion: 1, data: {}, problems: [], changedAfterSigning: [], values: {} }
    : null,
  description: null,
  signedRevisions: [],
});
const mail = (...documents: SubmittedDocument[]): Submission => ({
  messageId: '1',
  mailbox: 'e-address',
  from: 'a@b.test',
  replyTo: null,
  subject: 's',
  messageIdHeader: null,
  inReplyTo: null,
  references: [],
  documents,
});

describe('routing a read message to its procedure', () => {
  it('each form type goes to its step', () => {
    expect(routeSubmission(mail(doc('eservice-registration')))).toEqual({
      procedure: 'P1',
      step: 'registration',
    });
    expect(routeSubmission(mail(doc('access-rights'), doc('api-manager'))).step).toBe('access');
    expect(routeSubmission(mail(doc('production-request'), doc(null))).procedure).toBe('P2');
    expect(routeSubmission(mail(doc('acceptance-act'))).step).toBe('acceptance-act');
  });

  it('mail without a form is support', () => {
    expect(routeSubmission(mail())).toEqual({ procedure: 'support', step: 'support' });
    expect(routeSubmission(mail(doc(null))).procedure).toBe('support');
  });

  it('forms of different steps in one mail are a conflict, not a guess', () => {
    expect(
      routeSubmission(mail(doc('eservice-registration'), doc('access-rights'))).conflict,
    ).toMatch(/different steps/);
    expect(
      routeSubmission(mail(doc('eservice-registration'), doc('eservice-registration'))).conflict,
    ).toMatch(/more than one/);
  });
});
