import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import type { TemplateItem, TextItem } from '../templates/template-spec.js';
import {
  addCheckBox,
  addDropdown,
  addRadioOption,
  addTextField,
  type WidgetContext,
} from './add-widgets.js';
import {
  BORDER,
  BOX_SIZE,
  COLUMN_GAP,
  FIELD_FONT_SIZE,
  FIELD_HEIGHT,
  FIELD_LINE_HEIGHT,
  INK,
  LABEL_SIZE,
  LEADING,
  MUTED,
  SMALL_SIZE,
  TEXT_SIZE,
  type PageCursor,
} from './page-layout.js';
import { addSignatureField } from './signature-field.js';
import { wrapText } from './wrap-text.js';

/**
 * Draws one template item at the cursor: its Latvian label, and the AcroForm widgets that carry
 * the answer. Each item is measured first and placed whole, so a label is never parted from its
 * field by a page break.
 */

export interface DrawContext extends WidgetContext {
  doc: PDFDocument;
  cursor: PageCursor;
  width: number;
  left: number;
}

const LABEL_LINE = LABEL_SIZE * LEADING;
/** Gap between a label and its field. */
const LABEL_GAP = 3;
/** Table rows are a little tighter than ordinary fields so ten people fit with room to spare. */
const TABLE_ROW_HEIGHT = 16;
const TABLE_FONT_SIZE = 8;
const ROW_NUMBER_WIDTH = 16;
/** Checkbox options per line. */
const CHECKBOX_COLUMNS = 3;
const OPTION_GAP = 18;
const SIGNATURE_BOX_HEIGHT = 80;

function drawLines(
  page: PDFPage,
  font: PDFFont,
  lines: readonly string[],
  x: number,
  top: number,
  size: number,
  color = INK,
): void {
  lines.forEach((line, i) =>
    page.drawText(line, { x, y: top - size - i * size * LEADING, size, font, color }),
  );
}

/** A label with its grey hint, wrapped to the width. */
function labelLines(ctx: DrawContext, item: { label: string; hint?: string }, width: number) {
  const text = item.hint === undefined ? item.label : `${item.label} (${item.hint})`;
  return wrapText(text, ctx.font, LABEL_SIZE, width);
}

const fieldHeight = (item: TextItem): number =>
  item.lines !== undefined && item.lines > 1 ? item.lines * FIELD_LINE_HEIGHT + 6 : FIELD_HEIGHT;

function textHeight(ctx: DrawContext, item: TextItem, width: number): number {
  return labelLines(ctx, item, width).length * LABEL_LINE + LABEL_GAP + fieldHeight(item);
}

function drawTextItem(
  ctx: DrawContext,
  page: PDFPage,
  item: TextItem,
  x: number,
  top: number,
  width: number,
): void {
  const lines = labelLines(ctx, item, width);
  drawLines(page, ctx.font, lines, x, top, LABEL_SIZE, MUTED);
  const height = fieldHeight(item);
  const multiline = item.lines !== undefined && item.lines > 1;
  addTextField(
    ctx,
    { page, x, y: top - lines.length * LABEL_LINE - LABEL_GAP - height, width, height },
    {
      name: item.name,
      maxLength: item.maxLength,
      multiline,
      fontSize: multiline ? TEXT_SIZE : FIELD_FONT_SIZE,
    },
  );
}

function drawRow(ctx: DrawContext, items: readonly TextItem[]): void {
  const width = (ctx.width - COLUMN_GAP * (items.length - 1)) / items.length;
  const height = Math.max(...items.map((item) => textHeight(ctx, item, width)));
  const { page, top } = ctx.cursor.reserve(height);
  items.forEach((item, i) =>
    drawTextItem(ctx, page, item, ctx.left + i * (width + COLUMN_GAP), top, width),
  );
}

function drawCheckboxes(
  ctx: DrawContext,
  item: Extract<TemplateItem, { kind: 'checkboxes' }>,
): void {
  const label = labelLines(ctx, item, ctx.width);
  const rows = Math.ceil(item.options.length / CHECKBOX_COLUMNS);
  const rowHeight = BOX_SIZE + 6;
  const { page, top } = ctx.cursor.reserve(
    label.length * LABEL_LINE + LABEL_GAP + rows * rowHeight,
  );
  drawLines(page, ctx.font, label, ctx.left, top, LABEL_SIZE, MUTED);
  const columnWidth = ctx.width / CHECKBOX_COLUMNS;
  item.options.forEach((option, i) => {
    const x = ctx.left + (i % CHECKBOX_COLUMNS) * columnWidth;
    const y =
      top -
      label.length * LABEL_LINE -
      LABEL_GAP -
      (Math.floor(i / CHECKBOX_COLUMNS) + 1) * rowHeight +
      6;
    addCheckBox(ctx, { page, x, y, width: BOX_SIZE, height: BOX_SIZE }, option.name);
    page.drawText(option.label, {
      x: x + BOX_SIZE + 5,
      y: y + 1.5,
      size: TEXT_SIZE,
      font: ctx.font,
      color: INK,
    });
  });
}

function drawChoice(ctx: DrawContext, item: Extract<TemplateItem, { kind: 'choice' }>): void {
  const label = labelLines(ctx, item, ctx.width);
  const lineHeight = BOX_SIZE + 6;
  // Lay the options out first: they flow left to right and wrap like words.
  const placed: Array<{ value: string; label: string; x: number; line: number }> = [];
  let x = 0;
  let line = 0;
  for (const option of item.options) {
    const width = BOX_SIZE + 5 + ctx.font.widthOfTextAtSize(option.label, TEXT_SIZE);
    if (x > 0 && x + width > ctx.width) {
      x = 0;
      line += 1;
    }
    placed.push({ ...option, x, line });
    x += width + OPTION_GAP;
  }
  const { page, top } = ctx.cursor.reserve(
    label.length * LABEL_LINE + LABEL_GAP + (line + 1) * lineHeight,
  );
  drawLines(page, ctx.font, label, ctx.left, top, LABEL_SIZE, MUTED);
  const group = ctx.form.createRadioGroup(item.name);
  for (const option of placed) {
    const left = ctx.left + option.x;
    const y = top - label.length * LABEL_LINE - LABEL_GAP - (option.line + 1) * lineHeight + 6;
    addRadioOption(group, { page, x: left, y, width: BOX_SIZE, height: BOX_SIZE }, option.value);
    page.drawText(option.label, {
      x: left + BOX_SIZE + 5,
      y: y + 1.5,
      size: TEXT_SIZE,
      font: ctx.font,
      color: INK,
    });
  }
  if (item.selected !== undefined) group.select(item.selected);
  if (ctx.readOnly) group.enableReadOnly();
}

function drawTable(ctx: DrawContext, item: Extract<TemplateItem, { kind: 'table' }>): void {
  const label = labelLines(ctx, item, ctx.width);
  const usable = ctx.width - ROW_NUMBER_WIDTH;
  const widths = item.columns.map((column) => column.width * usable);
  const headers = item.columns.map((column, i) =>
    wrapText(column.label, ctx.font, SMALL_SIZE, (widths[i] ?? 0) - 2),
  );
  const headerHeight = Math.max(...headers.map((h) => h.length)) * SMALL_SIZE * LEADING + 2;
  const { page, top } = ctx.cursor.reserve(
    label.length * LABEL_LINE + LABEL_GAP + headerHeight + item.rows * TABLE_ROW_HEIGHT,
  );
  drawLines(page, ctx.font, label, ctx.left, top, LABEL_SIZE, MUTED);
  const headerTop = top - label.length * LABEL_LINE - LABEL_GAP;
  let x = ctx.left + ROW_NUMBER_WIDTH;
  item.columns.forEach((_, i) => {
    drawLines(page, ctx.font, headers[i] ?? [], x + 1, headerTop, SMALL_SIZE, MUTED);
    x += widths[i] ?? 0;
  });
  for (let row = 1; row <= item.rows; row += 1) {
    const y = headerTop - headerHeight - row * TABLE_ROW_HEIGHT;
    page.drawText(`${row}.`, {
      x: ctx.left,
      y: y + 4,
      size: SMALL_SIZE,
      font: ctx.font,
      color: MUTED,
    });
    let cellX = ctx.left + ROW_NUMBER_WIDTH;
    item.columns.forEach((column, i) => {
      const box = { page, x: cellX, y, width: (widths[i] ?? 0) - 2, height: TABLE_ROW_HEIGHT - 2 };
      const name = item.cellName(row, column.name);
      if (column.options !== undefined)
        addDropdown(ctx, box, { name, options: column.options, fontSize: TABLE_FONT_SIZE });
      else
        addTextField(ctx, box, {
          name,
          maxLength: column.maxLength,
          multiline: false,
          fontSize: TABLE_FONT_SIZE,
        });
      cellX += widths[i] ?? 0;
    });
  }
}

function drawSignatures(
  ctx: DrawContext,
  item: Extract<TemplateItem, { kind: 'signatures' }>,
): void {
  const count = item.fields.length;
  const width = (ctx.width - COLUMN_GAP * (count - 1)) / count;
  const { page, top } = ctx.cursor.reserve(SIGNATURE_BOX_HEIGHT);
  item.fields.forEach((field, i) => {
    const x = ctx.left + i * (width + COLUMN_GAP);
    const y = top - SIGNATURE_BOX_HEIGHT;
    page.drawRectangle({
      x,
      y,
      width,
      height: SIGNATURE_BOX_HEIGHT,
      borderColor: BORDER,
      borderWidth: 0.75,
    });
    page.drawText(field.label, {
      x: x + 5,
      y: top - 5 - LABEL_SIZE,
      size: LABEL_SIZE,
      font: ctx.font,
      color: MUTED,
    });
    const inner = LABEL_LINE + 8;
    addSignatureField(
      ctx.doc,
      ctx.form,
      { page, x: x + 4, y: y + 4, width: width - 8, height: SIGNATURE_BOX_HEIGHT - inner - 4 },
      field.name,
    );
  });
}

function drawNote(ctx: DrawContext, text: string): void {
  const lines = wrapText(text, ctx.font, TEXT_SIZE, ctx.width);
  const { page, top } = ctx.cursor.reserve(lines.length * TEXT_SIZE * LEADING);
  drawLines(page, ctx.font, lines, ctx.left, top, TEXT_SIZE);
}

export function drawItem(ctx: DrawContext, item: TemplateItem): void {
  switch (item.kind) {
    case 'text':
      drawRow(ctx, [item]);
      break;
    case 'row':
      drawRow(ctx, item.items);
      break;
    case 'checkboxes':
      drawCheckboxes(ctx, item);
      break;
    case 'choice':
      drawChoice(ctx, item);
      break;
    case 'table':
      drawTable(ctx, item);
      break;
    case 'signatures':
      drawSignatures(ctx, item);
      break;
    case 'note':
      drawNote(ctx, item.text);
      break;
  }
}
