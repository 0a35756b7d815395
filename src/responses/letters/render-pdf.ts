import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { dejaVuSansBytes } from '../../forms/pdf/dejavu-font.js';
import { setDocumentId } from './document-id.js';
import { drawTable } from './draw-table.js';
import { LetterFont } from './letter-font.js';
import {
  BLOCK_GAP,
  BODY_SIZE,
  BULLET_GAP,
  BULLET_INDENT,
  CONTENT_WIDTH,
  FACT_LABEL_WIDTH,
  FOOTER_BASELINE,
  FOOTER_SIZE,
  HEADER_LABEL_WIDTH,
  LEADING,
  LETTERHEAD_SIZE,
  MARGIN,
  MIN_LINES_BEFORE_BREAK,
  MUTED,
  SEAL_SPACE,
  SECTION_GAP,
  SMALL_TEXT_SIZE,
  TITLE_SIZE,
} from './letter-layout.js';
import type { LabelledValue, LetterBlock, LetterModel } from './letter-model.js';
import { LetterPen } from './letter-pen.js';

/** The font's resource name: fixed, so no random suffix gets into the bytes. */
const FONT_NAME = 'DejaVuSans';
export const LETTER_CREATOR = 'signed-intake letters';
export const LETTER_PRODUCER = 'signed-intake (pdf-lib)';

const BULLET = '•';
/** Between a label and its value. */
const LABEL_GAP = 8;

/** Labels on the left, values on the right, each wrapped in its own column. */
function drawFacts(
  pen: LetterPen,
  rows: readonly LabelledValue[],
  size: number,
  labelWidth: number,
): void {
  const valueX = MARGIN + labelWidth;
  for (const [label, value] of rows) {
    const labels = pen.lines(label, size, labelWidth - LABEL_GAP);
    const values = pen.lines(value, size, CONTENT_WIDTH - labelWidth);
    const count = Math.max(labels.length, values.length);
    pen.ensureRoom(Math.min(count, MIN_LINES_BEFORE_BREAK) * size * LEADING);
    for (let i = 0; i < count; i += 1)
      pen.line(
        [
          { x: MARGIN, text: labels[i] ?? '', color: MUTED },
          { x: valueX, text: values[i] ?? '' },
        ],
        size,
      );
    pen.gap(BULLET_GAP);
  }
}

function drawBullets(pen: LetterPen, items: readonly string[]): void {
  for (const item of items) {
    const lines = pen.lines(item, BODY_SIZE, CONTENT_WIDTH - BULLET_INDENT);
    pen.ensureRoom(Math.min(lines.length, MIN_LINES_BEFORE_BREAK) * BODY_SIZE * LEADING);
    lines.forEach((line, i) =>
      pen.line(
        [
          { x: MARGIN + 3, text: i === 0 ? BULLET : '' },
          { x: MARGIN + BULLET_INDENT, text: line },
        ],
        BODY_SIZE,
      ),
    );
    pen.gap(BULLET_GAP);
  }
}

function drawBlock(pen: LetterPen, block: LetterBlock): void {
  switch (block.kind) {
    case 'paragraph':
      pen.text(block.text, { size: BODY_SIZE, keep: MIN_LINES_BEFORE_BREAK });
      break;
    case 'bullets':
      drawBullets(pen, block.items);
      break;
    case 'facts':
      drawFacts(pen, block.rows, BODY_SIZE, FACT_LABEL_WIDTH);
      break;
    case 'table':
      drawTable(pen, block);
      break;
  }
}

function drawFooters(pen: LetterPen, model: LetterModel): void {
  const pages = pen.pages;
  const left = pen.font.drawable(model.footer);
  pages.forEach((page, i) => {
    const right = pen.font.drawable(model.pageLabel(i + 1, pages.length));
    const font = pen.font.font;
    const width = pen.font.width(right, FOOTER_SIZE);
    // The footer is one line: a long case number is cut rather than run into the page label.
    const [shortLeft = ''] = pen.font.wrap(left, FOOTER_SIZE, CONTENT_WIDTH - width - LABEL_GAP);
    page.drawText(shortLeft, {
      x: MARGIN,
      y: FOOTER_BASELINE,
      size: FOOTER_SIZE,
      font,
      color: MUTED,
    });
    page.drawText(right, {
      x: MARGIN + CONTENT_WIDTH - width,
      y: FOOTER_BASELINE,
      size: FOOTER_SIZE,
      font,
      color: MUTED,
    });
  });
}

/**
 * Lays the letter out on A4 pages with DejaVu Sans (a subset: only the letters the letter uses)
 * and saves it with fixed metadata, so the same letter on the same date is the same bytes.
 */
export async function renderPdf(model: LetterModel, date: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const embedded = await doc.embedFont(await dejaVuSansBytes(), {
    subset: true,
    customName: FONT_NAME,
  });
  const pen = new LetterPen(doc, new LetterFont(embedded));

  pen.text(model.letterhead, { size: LETTERHEAD_SIZE, keep: Infinity });
  pen.rule(4);
  pen.gap(BLOCK_GAP);
  drawFacts(pen, model.header, SMALL_TEXT_SIZE, HEADER_LABEL_WIDTH);
  pen.gap(SECTION_GAP);
  pen.text(model.title, { size: TITLE_SIZE, keep: Infinity });
  pen.gap(BLOCK_GAP);
  model.body.forEach((block, i) => {
    const next = model.body[i + 1];
    // A paragraph that introduces a list or a table is not left alone at the foot of a page.
    if (block.kind === 'paragraph' && next !== undefined && next.kind !== 'paragraph') {
      const lines = pen.lines(block.text, BODY_SIZE, CONTENT_WIDTH).length;
      pen.ensureRoom((lines + MIN_LINES_BEFORE_BREAK + 1) * BODY_SIZE * LEADING + BLOCK_GAP);
    }
    drawBlock(pen, block);
    pen.gap(BLOCK_GAP);
  });
  pen.gap(SECTION_GAP - BLOCK_GAP);
  // The closing stays together, with the free space under it, on the last page.
  const closing = model.closing.map((line) => pen.lines(line, SMALL_TEXT_SIZE, CONTENT_WIDTH));
  const closingLines = closing.reduce((sum, lines) => sum + lines.length, 0);
  pen.ensureRoom(closingLines * SMALL_TEXT_SIZE * LEADING + SEAL_SPACE);
  for (const lines of closing)
    for (const line of lines) pen.line([{ x: MARGIN, text: line, color: MUTED }], SMALL_TEXT_SIZE);
  drawFooters(pen, model);

  doc.setTitle(model.title, { showInWindowTitleBar: true });
  doc.setAuthor(model.letterhead);
  doc.setLanguage(model.languageTag);
  doc.setCreator(LETTER_CREATOR);
  doc.setProducer(LETTER_PRODUCER);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  setDocumentId(doc, model, date);
  // A classic cross-reference table, as the forms have: the seal is appended to it.
  return doc.save({ useObjectStreams: false });
}
