import type { FormType } from '../form-types.js';

/**
 * A form template as data: what the institution sees (Latvian labels) and which AcroForm fields
 * carry the answers (English names, the same the schemas read). `drawTemplate` turns it into a
 * fillable PDF; the schemas never look at it, and a test fills every schema field into it.
 */
export interface FormTemplate {
  type: FormType;
  /** Document title (also the PDF's /Title). */
  title: string;
  /** Which procedure and step the form belongs to. */
  subtitle: string;
  /** Short instructions under the title. */
  intro?: string;
  sections: readonly TemplateSection[];
  /** Closing remarks (how to sign and send). */
  closing?: string;
  /** All text fields read-only: the acceptance act is written by the agency, only signed by others. */
  readOnly?: boolean;
}

export interface TemplateSection {
  heading: string;
  items: readonly TemplateItem[];
}

export interface TextItem {
  kind: 'text';
  name: string;
  label: string;
  /** A small grey hint after the label ("GGGG-MM-DD", "11 cipari"). */
  hint?: string;
  /** Written into /MaxLen: viewers stop typing there. The schema limit, repeated. */
  maxLength: number;
  /** More than one line: a multi-line field this many lines high. */
  lines?: number;
}

export interface Option {
  value: string;
  label: string;
}

export type TemplateItem =
  | TextItem
  /** Text fields side by side (phone and e-mail). */
  | { kind: 'row'; items: readonly TextItem[] }
  /** Independent checkboxes, each its own field. */
  | { kind: 'checkboxes'; label: string; options: readonly { name: string; label: string }[] }
  /** One radio group; `selected` is pre-set in the blank form. */
  | { kind: 'choice'; name: string; label: string; options: readonly Option[]; selected?: string }
  | {
      kind: 'table';
      label: string;
      rows: number;
      /** The AcroForm name of a cell: `person3.email`. */
      cellName: (row: number, column: string) => string;
      columns: readonly {
        name: string;
        label: string;
        /** Share of the table's width. */
        width: number;
        maxLength: number;
        /** A drop-down list instead of free text. */
        options?: readonly string[];
      }[];
    }
  /** Empty signature fields in labelled boxes, side by side. */
  | { kind: 'signatures'; fields: readonly { name: string; label: string }[] }
  | { kind: 'note'; text: string };
