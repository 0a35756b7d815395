import type { PDFFont, PDFForm, PDFPage, PDFRadioGroup } from 'pdf-lib';
import { BORDER, FIELD_BACKGROUND } from './page-layout.js';

/** Thin borders: a form reads as a form, not as a grid. */
const BORDER_WIDTH = 0.75;

export interface WidgetContext {
  form: PDFForm;
  font: PDFFont;
  /** The acceptance act's fields are written by the agency and only signed by others. */
  readOnly: boolean;
}

export interface Box {
  page: PDFPage;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextFieldSpec {
  name: string;
  maxLength: number;
  multiline: boolean;
  fontSize: number;
  /** Pre-set value (the hidden formType and formVersion). */
  value?: string;
  hidden?: boolean;
}

export function addTextField(ctx: WidgetContext, box: Box, spec: TextFieldSpec): void {
  const field = ctx.form.createTextField(spec.name);
  field.setMaxLength(spec.maxLength);
  if (spec.multiline) field.enableMultiline();
  if (spec.value !== undefined) field.setText(spec.value);
  const hidden = spec.hidden === true;
  field.addToPage(box.page, {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    font: ctx.font,
    borderWidth: hidden ? 0 : BORDER_WIDTH,
    borderColor: BORDER,
    backgroundColor: FIELD_BACKGROUND,
    hidden,
  });
  field.setFontSize(spec.fontSize);
  if (ctx.readOnly || hidden) field.enableReadOnly();
}

export function addCheckBox(ctx: WidgetContext, box: Box, name: string): void {
  const field = ctx.form.createCheckBox(name);
  field.addToPage(box.page, {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    borderWidth: BORDER_WIDTH,
    borderColor: BORDER,
    backgroundColor: FIELD_BACKGROUND,
  });
  if (ctx.readOnly) field.enableReadOnly();
}

export function addRadioOption(group: PDFRadioGroup, box: Box, value: string): void {
  group.addOptionToPage(value, box.page, {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    borderWidth: BORDER_WIDTH,
    borderColor: BORDER,
    backgroundColor: FIELD_BACKGROUND,
  });
}

export function addDropdown(
  ctx: WidgetContext,
  box: Box,
  spec: { name: string; options: readonly string[]; fontSize: number },
): void {
  const field = ctx.form.createDropdown(spec.name);
  field.addOptions([...spec.options]);
  field.addToPage(box.page, {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    font: ctx.font,
    borderWidth: BORDER_WIDTH,
    borderColor: BORDER,
    backgroundColor: FIELD_BACKGROUND,
  });
  field.setFontSize(spec.fontSize);
  if (ctx.readOnly) field.enableReadOnly();
}
