import type { FormProblem, FormType } from '../forms/index.js';
import type { DescriptionCheck } from './operation-description.js';

/**
 * One incoming message as the procedures see it: who sent it, how it threads, and for each
 * attached document what its signatures were judged and which form it carries. Built by the
 * pipeline from the ledger; the procedures never read mail or PDFs themselves.
 */
export interface SubmittedForm {
  formType: FormType;
  formVersion: number;
  /** The validated form; null when it has problems. */
  data: Record<string, unknown> | null;
  problems: FormProblem[];
  /** Fields whose value changed after the signature: a refusal, never data. */
  changedAfterSigning: string[];
  /** The raw field values as signed (for the acceptance act's comparison). */
  values: Record<string, string | boolean>;
}

export interface SignatureVerdict {
  format: string;
  /** The intake policy's verdict. */
  accepted: boolean;
  /** Why not, in plain words. */
  reasons: string[];
  /** At least one signature is present. */
  signed: boolean;
  /** A present signature is broken (the document was altered or forged). */
  broken: boolean;
  /** SHA-256 of each signature's signing certificate, in document order. */
  signerCertificates: string[];
}

export interface SubmittedDocument {
  id: string;
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
  signature: SignatureVerdict | null;
  form: SubmittedForm | null;
  /** When the document is no form: whether it is a web service description that parses. */
  description: DescriptionCheck | null;
  /** SHA-256 of each signed revision of a PDF (what each signature covers), oldest first. */
  signedRevisions: string[];
  /** What intake noticed about the file itself (empty, damaged on the way), for a refusal. */
  note?: string | null;
}

export interface Submission {
  messageId: string;
  /** The configured mailbox name: `e-address`, `support`. */
  mailbox: string;
  from: string | null;
  replyTo: string | null;
  subject: string | null;
  /** The mail's Message-ID header, for threading. */
  messageIdHeader: string | null;
  inReplyTo: string | null;
  references: string[];
  documents: SubmittedDocument[];
}

/** Where an answer to this mail goes: Reply-To when given, else From. */
export function answerAddress(submission: Submission): string | null {
  return submission.replyTo ?? submission.from;
}

export function formsOf(submission: Submission, ...types: FormType[]): SubmittedDocument[] {
  return submission.documents.filter((d) => d.form && types.includes(d.form.formType));
}
