import type { SubmittedDocument } from './submission.js';

/**
 * Why a form cannot be acted on as a signed submission (P1 requires a qualified signature with a
 * time-stamp over the whole document): the verifier's reasons, values changed after signing, and
 * the form's own problems, each in plain words. Empty when the form can be acted on.
 */
export function signedFormProblems(document: SubmittedDocument): string[] {
  const problems: string[] = [];
  const refused = !document.signature || !document.signature.accepted;
  // Why the file itself is wrong comes first: it tells the sender what to do about it.
  if (refused && document.note) problems.push(`${document.filename}: ${document.note}`);
  if (!document.signature)
    problems.push(`${document.filename}: the signature could not be checked`);
  else if (!document.signature.accepted)
    problems.push(...document.signature.reasons.map((r) => `${document.filename}: ${r}`));
  problems.push(...formProblems(document));
  return problems;
}

/** Problems of the form itself, whether or not a signature is required. */
export function formProblems(document: SubmittedDocument): string[] {
  const form = document.form;
  if (!form) return [`${document.filename}: not one of the agency's forms`];
  const problems: string[] = [];
  if (form.changedAfterSigning.length)
    problems.push(
      `${document.filename}: fields changed after the document was signed (${form.changedAfterSigning.join(', ')}); changed values are not accepted`,
    );
  problems.push(...form.problems.map((p) => `${document.filename}: ${p.field}: ${p.message}`));
  return problems;
}
