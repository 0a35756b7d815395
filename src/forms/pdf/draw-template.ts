import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFString, type PDFFont } from 'pdf-lib';
import { FORM_TYPE_FIELD, FORM_VERSION_FIELD, FORM_VERSIONS } from '../form-types.js';
import type { FormTemplate } from '../templates/template-spec.js';
import { addTextField } from './add-widgets.js';
import { dejaVuSansBytes } from './dejavu-font.js';
import { drawItem, type DrawContext } from './draw-items.js';
import {
  BAND,
  CONTENT_WIDTH,
  HEADING_SIZE,
  INK,
  ITEM_GAP,
  LEADING,
  MARGIN,
  MUTED,
  PageCursor,
  SMALL_SIZE,
  TEXT_SIZE,
  TITLE_SIZE,
} from './page-layout.js';
import { wrapText } from './wrap-text.js';

/**
 * The font's resource name in every form: the AcroForm's /DR lists the whole font under it and
 * every field's /DA asks for it, so a viewer that redraws a field while the institution types
 * uses DejaVu Sans and shows Latvian letters. A fixed name (no random suffix) keeps templates
 * byte-for-byte reproducible.
 */
export const FONT_RESOURCE_NAME = 'DejaVuSans';
/** The hidden fields hold short ASCII ids; any size works, this one keeps the appearance small. */
const HIDDEN_FIELD_FONT_SIZE = 1;
/** Longest value of the hidden fields: form type ids are at most 21 characters. */
const HIDDEN_FIELD_MAX = 64;
const SECTION_GAP = 10;
const HEADING_BAND_HEIGHT = HEADING_SIZE * LEADING + 4;

function drawHeader(ctx: DrawContext, template: FormTemplate): void {
  const title = wrapText(template.title, ctx.font, TITLE_SIZE, ctx.width);
  const subtitle = wrapText(template.subtitle, ctx.font, SMALL_SIZE + 1, ctx.width);
  const intro =
    template.intro === undefined ? [] : wrapText(template.intro, ctx.font, TEXT_SIZE, ctx.width);
  const height =
    title.length * TITLE_SIZE * LEADING +
    subtitle.length * (SMALL_SIZE + 1) * LEADING +
    (intro.length > 0 ? 6 + intro.length * TEXT_SIZE * LEADING : 0);
  const { page, top } = ctx.cursor.reserve(height);
  let y = top;
  for (const line of title) {
    y -= TITLE_SIZE * LEADING;
    page.drawText(line, { x: ctx.left, y: y + 4, size: TITLE_SIZE, font: ctx.font, color: INK });
  }
  for (const line of subtitle) {
    y -= (SMALL_SIZE + 1) * LEADING;
    page.drawText(line, {
      x: ctx.left,
      y: y + 2,
      size: SMALL_SIZE + 1,
      font: ctx.font,
      color: MUTED,
    });
  }
  if (intro.length > 0) y -= 6;
  for (const line of intro) {
    y -= TEXT_SIZE * LEADING;
    page.drawText(line, { x: ctx.left, y: y + 2, size: TEXT_SIZE, font: ctx.font, color: INK });
  }
  ctx.cursor.y -= ITEM_GAP;
}

function drawHeading(ctx: DrawContext, heading: string): void {
  const { page, top } = ctx.cursor.reserve(HEADING_BAND_HEIGHT + ITEM_GAP);
  page.drawRectangle({
    x: ctx.left,
    y: top - HEADING_BAND_HEIGHT,
    width: ctx.width,
    height: HEADING_BAND_HEIGHT,
    color: BAND,
  });
  page.drawText(heading, {
    x: ctx.left + 4,
    y: top - HEADING_BAND_HEIGHT + 5,
    size: HEADING_SIZE,
    font: ctx.font,
    color: INK,
  });
}

/** formType and formVersion: hidden, read-only, on the first page, with their values set. */
function addHiddenFields(ctx: DrawContext, template: FormTemplate): void {
  const page = ctx.cursor.pages[0] ?? ctx.cursor.page;
  const values: Array<[string, string]> = [
    [FORM_TYPE_FIELD, template.type],
    [FORM_VERSION_FIELD, String(FORM_VERSIONS[template.type])],
  ];
  for (const [name, value] of values)
    addTextField(
      ctx,
      { page, x: 0, y: 0, width: 1, height: 1 },
      {
        name,
        maxLength: HIDDEN_FIELD_MAX,
        multiline: false,
        fontSize: HIDDEN_FIELD_FONT_SIZE,
        value,
        hidden: true,
      },
    );
}

function drawFooters(ctx: DrawContext, template: FormTemplate, font: PDFFont): void {
  const pages = ctx.cursor.pages;
  const left = `${template.title} · ${template.type} v${FORM_VERSIONS[template.type]}`;
  pages.forEach((page, i) => {
    const right = `${i + 1}/${pages.length}`;
    const y = MARGIN - 20;
    page.drawText(left, { x: MARGIN, y, size: SMALL_SIZE, font, color: MUTED });
    page.drawText(right, {
      x: MARGIN + CONTENT_WIDTH - font.widthOfTextAtSize(right, SMALL_SIZE),
      y,
      size: SMALL_SIZE,
      font,
      color: MUTED,
    });
  });
}

/**
 * Draws a template as a fillable PDF. DejaVu Sans is embedded whole (not subset): the labels use
 * it, and viewers need every Latvian glyph when they redraw a field the institution types into.
 */
export async function drawTemplate(template: FormTemplate): Promise<Uint8Array> {
  // No creation or modification dates: the same template gives the same bytes.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await dejaVuSansBytes(), {
    subset: false,
    customName: FONT_RESOURCE_NAME,
  });
  const form = doc.getForm();
  const ctx: DrawContext = {
    doc,
    form,
    font,
    readOnly: template.readOnly === true,
    cursor: new PageCursor(doc),
    width: CONTENT_WIDTH,
    left: MARGIN,
  };
  drawHeader(ctx, template);
  for (const section of template.sections) {
    drawHeading(ctx, section.heading);
    for (const item of section.items) {
      drawItem(ctx, item);
      ctx.cursor.y -= ITEM_GAP;
    }
    ctx.cursor.y -= SECTION_GAP;
  }
  if (template.closing !== undefined) drawItem(ctx, { kind: 'note', text: template.closing });
  addHiddenFields(ctx, template);
  drawFooters(ctx, template, font);

  form.updateFieldAppearances(font);
  const acroForm = form.acroForm.dict;
  acroForm.set(PDFName.of('DR'), doc.context.obj({ Font: { [font.name]: font.ref } }));
  acroForm.set(PDFName.of('DA'), PDFString.of(`/${font.name} 0 Tf 0 g`));

  doc.setTitle(template.title, { showInWindowTitleBar: true });
  doc.setSubject(template.subtitle);
  doc.setLanguage('lv-LV');
  doc.setCreator('signed-intake forms');
  doc.setProducer('signed-intake (pdf-lib)');
  // A classic cross-reference table: every signing tool can append its incremental update to it.
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
