import type { FormType } from '../form-types.js';
import { TEMPLATES } from './index.js';
import type { TemplateItem } from './template-spec.js';

/**
 * The Latvian label of each field of a form, by AcroForm field name: what a letter about a
 * problem should call the field so the institution finds it on the form. Table cells are
 * labelled "<column> (<row>. rinda)"; radio groups and checkbox groups by their question.
 */
export function fieldLabels(type: FormType): Record<string, string> {
  const labels: Record<string, string> = {};
  const add = (item: TemplateItem): void => {
    switch (item.kind) {
      case 'text':
      case 'choice':
        labels[item.name] = item.label;
        break;
      case 'row':
        item.items.forEach(add);
        break;
      case 'checkboxes':
        for (const option of item.options) labels[option.name] = `${item.label}: ${option.label}`;
        break;
      case 'table':
        for (let row = 1; row <= item.rows; row += 1)
          for (const column of item.columns)
            labels[item.cellName(row, column.name)] = `${column.label} (${row}. rinda)`;
        break;
      case 'signatures':
        for (const field of item.fields) labels[field.name] = field.label;
        break;
      case 'note':
        break;
    }
  };
  for (const section of TEMPLATES[type].sections) section.items.forEach(add);
  return labels;
}
