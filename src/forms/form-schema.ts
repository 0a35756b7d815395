import { z } from 'zod';
import type { FormProblem, FormValues } from './form-values.js';

/**
 * How every form schema is put together. A form is a set of named *parts*; each part sees all of
 * the raw values. The `fields` part is a plain object of per-field schemas; other parts check
 * rules that span fields (a table's rows, "at least one component") and report problems under
 * AcroForm field names. zod runs every part even when another fails, so one reading of a form
 * lists all of its problems at once: each round of a refusal costs the institution a signed mail.
 */

/** Reports a problem under an AcroForm field name, a row (`person3`) or a group (`people`). */
export type Report = (field: string, message: string) => void;

/** A part that checks rules across fields and returns its piece of the data when they hold. */
export function crossFieldPart<T>(check: (values: FormValues, report: Report) => T) {
  return z.unknown().transform((raw, ctx): T => {
    let failed = false;
    const result = check(raw as FormValues, (field, message) => {
      failed = true;
      ctx.addIssue({ code: 'custom', message, path: [field] });
    });
    return failed ? z.NEVER : result;
  });
}

/** Gives each part the whole value set, then builds the form's data from the parts' outputs. */
export function formSchema<Shape extends z.ZodRawShape, Data>(
  parts: Shape,
  build: (parsed: z.output<z.ZodObject<Shape>>) => Data,
): z.ZodType<Data> {
  const names = Object.keys(parts);
  return z
    .preprocess(
      (values) => Object.fromEntries(names.map((name) => [name, values])),
      z.object(parts),
    )
    .transform(build);
}

/**
 * zod paths are [part, field]; the part name is how the schema is built, not something the
 * institution sees, so the field name alone is reported.
 */
export function problemsOf(error: z.ZodError): FormProblem[] {
  return error.issues.map((issue) => {
    const [part, ...rest] = issue.path.map(String);
    return { field: rest.length > 0 ? rest.join('.') : (part ?? 'form'), message: issue.message };
  });
}
