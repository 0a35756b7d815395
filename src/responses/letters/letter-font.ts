import type { PDFFont } from 'pdf-lib';

/**
 * The embedded font as a letter uses it: which characters it can draw, how wide a text is, and
 * where lines break. Values come from institutions, so any character may turn up; one the font
 * has no glyph for is drawn as "?" rather than as an empty box or an error.
 */

export const MISSING_GLYPH = '?';

/** Pieces of a long word, each ending after the characters a line may break after. */
const BREAK_AFTER = /[^./@_-]+[./@_-]*|[./@_-]+/g;

export class LetterFont {
  private readonly drawableCodePoints: ReadonlySet<number>;
  /** Advance widths at 1 pt, by code point: measuring is per character, in linear time. */
  private readonly widths = new Map<number, number>();

  constructor(readonly font: PDFFont) {
    this.drawableCodePoints = new Set(font.getCharacterSet());
  }

  /** `text` with every character the font cannot draw replaced by "?". */
  drawable(text: string): string {
    let out = '';
    for (const char of text)
      out += this.drawableCodePoints.has(char.codePointAt(0) ?? -1) ? char : MISSING_GLYPH;
    return out;
  }

  private charWidth(char: string): number {
    const codePoint = char.codePointAt(0) ?? 0;
    let width = this.widths.get(codePoint);
    if (width === undefined) {
      width = this.font.widthOfTextAtSize(char, 1);
      this.widths.set(codePoint, width);
    }
    return width;
  }

  /** Width of drawable text at `size`. */
  width(text: string, size: number): number {
    let width = 0;
    for (const char of text) width += this.charWidth(char);
    return width * size;
  }

  /**
   * Breaks drawable `text` into lines no wider than `width` at `size`, at spaces. A word wider
   * than a line (an e-mail address, a URL, a file name) breaks after a ".", "/", "@", "-" or
   * "_" where it can, between any two characters where it must. Always at least one line.
   * Unlike the forms' wrapText, the cost is linear in the text's length: values come from
   * outside and may be long.
   */
  wrap(text: string, size: number, width: number): string[] {
    const lines: string[] = [];
    const space = this.charWidth(' ') * size;
    let line = '';
    let lineWidth = 0;
    const flush = (): void => {
      lines.push(line);
      line = '';
      lineWidth = 0;
    };
    /** Appends `piece` to the line (with `gap` before it), or starts a new line with it. */
    const place = (piece: string, pieceWidth: number, gap: string, gapWidth: number): boolean => {
      if (line !== '' && lineWidth + gapWidth + pieceWidth <= width) {
        line += gap + piece;
        lineWidth += gapWidth + pieceWidth;
        return true;
      }
      if (line !== '') flush();
      if (pieceWidth > width) return false;
      line = piece;
      lineWidth = pieceWidth;
      return true;
    };
    for (const word of text.split(' ')) {
      if (word === '' || place(word, this.width(word, size), ' ', space)) continue;
      for (const piece of word.match(BREAK_AFTER) ?? []) {
        if (place(piece, this.width(piece, size), '', 0)) continue;
        for (const char of piece) {
          const charWidth = this.charWidth(char) * size;
          // A column narrower than one character still gets the character, alone on its line.
          if (!place(char, charWidth, '', 0)) {
            line = char;
            lineWidth = charWidth;
          }
        }
      }
    }
    if (line !== '' || lines.length === 0) lines.push(line);
    return lines;
  }
}
