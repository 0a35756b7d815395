import { grayscale, type PDFDocument, type PDFPage } from 'pdf-lib';

/** ISO A4 in points: the paper size of Latvian public administration documents. */
export const PAGE_SIZE: [number, number] = [595.28, 841.89];
/** 50 pt (about 18 mm) on every side: room for a hole punch and a printer's unprintable margin. */
export const MARGIN = 50;
/** Space kept free at the bottom for the page footer. */
export const FOOTER_SPACE = 24;
export const CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN;

/** Type sizes: 9 pt labels and 10 pt answers read well on screen and in print. */
export const TITLE_SIZE = 15;
export const HEADING_SIZE = 11;
export const LABEL_SIZE = 8.5;
export const TEXT_SIZE = 9;
export const FIELD_FONT_SIZE = 10;
export const SMALL_SIZE = 7.5;
/** Line height as a multiple of the type size. */
export const LEADING = 1.3;

/** A single-line field fits 10 pt text with its descenders and a border. */
export const FIELD_HEIGHT = 18;
/** Each line of a multi-line field (9 pt text). */
export const FIELD_LINE_HEIGHT = 12;
export const BOX_SIZE = 10;
export const ITEM_GAP = 8;
export const COLUMN_GAP = 10;

export const INK = grayscale(0);
export const MUTED = grayscale(0.35);
export const BORDER = grayscale(0.45);
export const BAND = grayscale(0.92);
export const FIELD_BACKGROUND = grayscale(0.97);

/**
 * Where the next item goes: a top-down cursor over the pages, which starts a new page when the
 * next item would not fit above the footer.
 */
export class PageCursor {
  readonly pages: PDFPage[] = [];
  private current: PDFPage | undefined;
  /** Distance from the page bottom of the next free line. */
  y = 0;

  constructor(private readonly doc: PDFDocument) {}

  get page(): PDFPage {
    if (this.current === undefined) return this.newPage();
    return this.current;
  }

  newPage(): PDFPage {
    this.current = this.doc.addPage(PAGE_SIZE);
    this.pages.push(this.current);
    this.y = PAGE_SIZE[1] - MARGIN;
    return this.current;
  }

  /** Makes room for `height` points on the current page (or a fresh one) and returns its top. */
  reserve(height: number): { page: PDFPage; top: number } {
    const page = this.page;
    if (this.y - height < MARGIN + FOOTER_SPACE && this.y < PAGE_SIZE[1] - MARGIN) {
      const fresh = this.newPage();
      const top = this.y;
      this.y -= height;
      return { page: fresh, top };
    }
    const top = this.y;
    this.y -= height;
    return { page, top };
  }
}
