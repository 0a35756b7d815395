import type { Color, PDFDocument, PDFPage } from 'pdf-lib';
import type { LetterFont } from './letter-font.js';
import { BORDER, CONTENT_WIDTH, INK, LEADING, MARGIN, PageCursor } from './letter-layout.js';

/** One piece of a line: text at a horizontal position. */
export interface LinePart {
  x: number;
  text: string;
  color?: Color;
}

/**
 * Writes a letter top to bottom, line by line, starting a new page when the next line would
 * run into the footer. Every text goes through the font's `drawable` first, so a character the
 * font lacks becomes "?" before it is measured or drawn.
 */
export class LetterPen {
  readonly cursor: PageCursor;

  constructor(
    doc: PDFDocument,
    readonly font: LetterFont,
  ) {
    this.cursor = new PageCursor(doc);
  }

  get pages(): readonly PDFPage[] {
    return this.cursor.pages;
  }

  /** Starts a new page unless `height` points fit on this one (nothing is drawn). */
  ensureRoom(height: number): void {
    const { top } = this.cursor.reserve(height);
    this.cursor.y = top;
  }

  gap(height: number): void {
    this.cursor.y -= height;
  }

  /** `text` made drawable and wrapped to `width`. */
  lines(text: string, size: number, width: number): string[] {
    return this.font.wrap(this.font.drawable(text), size, width);
  }

  /** One line of `size` points high with its parts (already drawable and wrapped). */
  line(parts: readonly LinePart[], size: number): void {
    const { page, top } = this.cursor.reserve(size * LEADING);
    for (const part of parts) {
      if (part.text === '') continue;
      page.drawText(part.text, {
        x: part.x,
        y: top - size,
        size,
        font: this.font.font,
        color: part.color ?? INK,
      });
    }
  }

  /**
   * Wrapped text. The first `keep` lines go on one page, so a block never starts with a lone
   * line at the foot of a page.
   */
  text(
    text: string,
    options: { size: number; x?: number; width?: number; color?: Color; keep?: number },
  ): void {
    const x = options.x ?? MARGIN;
    const lines = this.lines(text, options.size, options.width ?? CONTENT_WIDTH);
    const keep = Math.min(lines.length, options.keep ?? 1);
    this.ensureRoom(keep * options.size * LEADING);
    for (const line of lines)
      this.line(
        [{ x, text: line, ...(options.color ? { color: options.color } : {}) }],
        options.size,
      );
  }

  /** A thin horizontal rule across the content width, `below` points under the cursor. */
  rule(below: number, options: { x?: number; width?: number } = {}): void {
    const { page, top } = this.cursor.reserve(below * 2);
    const x = options.x ?? MARGIN;
    page.drawLine({
      start: { x, y: top - below },
      end: { x: x + (options.width ?? CONTENT_WIDTH), y: top - below },
      thickness: 0.5,
      color: BORDER,
    });
  }
}
