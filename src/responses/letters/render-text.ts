import type { LabelledValue, LetterBlock, LetterModel } from './letter-model.js';

/**
 * The letter as plain text, for the mail body: the same content as the PDF, in the same order.
 * Lines are not wrapped; mail clients wrap plain text to their window.
 */

const facts = (rows: readonly LabelledValue[]): string[] =>
  rows.map(([label, value]) => `${label}: ${value}`);

function block(item: LetterBlock): string[] {
  switch (item.kind) {
    case 'paragraph':
      return [item.text];
    case 'bullets':
      return item.items.map((text) => `- ${text}`);
    case 'facts':
      return facts(item.rows);
    case 'table':
      // One line per row, each cell with its column's label: a table of spaces breaks in
      // proportional fonts and narrow windows.
      return item.rows.map(
        (row) =>
          `- ${item.columns.map((column, i) => `${column.label}: ${row[i] ?? ''}`).join('; ')}`,
      );
  }
}

export function renderText(model: LetterModel): string {
  const sections: string[][] = [
    [model.letterhead],
    facts(model.header),
    [model.title],
    ...model.body.map(block),
    [...model.closing],
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
