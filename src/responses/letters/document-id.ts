import { createHash } from 'node:crypto';
import { PDFHexString, type PDFDocument } from 'pdf-lib';
import type { LetterModel } from './letter-model.js';

/**
 * The trailer's /ID: PDF 1.7 (14.4) wants one in every file, and signing tools and archives use
 * it to tell documents apart. pdf-lib writes none; a random one would make every render
 * different. It is derived from the letter's content and its date instead, so the same letter
 * gets the same bytes and two different letters different IDs. Both halves are equal: the file
 * has not been updated yet (the seal's incremental update keeps them).
 */
const ID_BYTES = 16;

export function setDocumentId(doc: PDFDocument, model: LetterModel, date: Date): void {
  const hex = createHash('sha256')
    .update(JSON.stringify({ model, date: date.toISOString() }))
    .digest('hex')
    .slice(0, ID_BYTES * 2);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(hex), PDFHexString.of(hex)]);
}
