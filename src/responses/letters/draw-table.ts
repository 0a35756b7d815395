import type { LetterBlock } from './letter-model.js';
import {
  BAND,
  CELL_PADDING,
  CONTENT_WIDTH,
  LEADING,
  MARGIN,
  MUTED,
  TABLE_SIZE,
} from './letter-layout.js';
import type { LetterPen } from './letter-pen.js';

type Table = Extract<LetterBlock, { kind: 'table' }>;

/** Space above and below the header labels, inside the grey band. */
const HEADER_PADDING = 2;

/**
 * A table: a grey header row, then each row's cells wrapped in their columns with a rule under
 * the row. A row may run over a page break (a cell can be long); the header is repeated at the
 * top of every page the table continues on.
 */
export function drawTable(pen: LetterPen, table: Table): void {
  const lineHeight = TABLE_SIZE * LEADING;
  const lefts: number[] = [];
  const widths = table.columns.map((column) => column.width * CONTENT_WIDTH);
  widths.reduce((x, width) => {
    lefts.push(x);
    return x + width;
  }, MARGIN);
  const inner = (i: number): number => Math.max(1, (widths[i] ?? 0) - 2 * CELL_PADDING);
  const wrapRow = (cells: readonly string[]): string[][] =>
    table.columns.map((_, i) => pen.lines(cells[i] ?? '', TABLE_SIZE, inner(i)));

  const header = wrapRow(table.columns.map((column) => column.label));
  const headerLines = Math.max(...header.map((cell) => cell.length));
  const headerHeight = headerLines * lineHeight + 2 * HEADER_PADDING;

  const drawHeader = (): void => {
    const { page, top } = pen.cursor.reserve(headerHeight);
    page.drawRectangle({
      x: MARGIN,
      y: top - headerHeight,
      width: CONTENT_WIDTH,
      height: headerHeight,
      color: BAND,
    });
    pen.cursor.y = top - HEADER_PADDING;
    for (let line = 0; line < headerLines; line += 1)
      pen.line(
        header.map((cell, i) => ({
          x: (lefts[i] ?? MARGIN) + CELL_PADDING,
          text: cell[line] ?? '',
          color: MUTED,
        })),
        TABLE_SIZE,
      );
    pen.cursor.y = top - headerHeight;
  };

  // The header and the first line of the first row stay together.
  pen.ensureRoom(headerHeight + 2 * lineHeight);
  drawHeader();
  for (const row of table.rows) {
    const cells = wrapRow(row);
    const rowLines = Math.max(...cells.map((cell) => cell.length));
    pen.gap(HEADER_PADDING);
    for (let line = 0; line < rowLines; line += 1) {
      const pages = pen.pages.length;
      pen.ensureRoom(lineHeight);
      if (pen.pages.length !== pages) drawHeader();
      pen.line(
        cells.map((cell, i) => ({
          x: (lefts[i] ?? MARGIN) + CELL_PADDING,
          text: cell[line] ?? '',
        })),
        TABLE_SIZE,
      );
    }
    pen.rule(HEADER_PADDING);
  }
}
