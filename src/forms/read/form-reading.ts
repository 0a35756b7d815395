import type { FormType } from '../form-types.js';
import type { FormProblem, FormValues } from '../form-values.js';

/** What a document turned out to be, and if it is one of the agency's forms, what it says. */
export type FormReading =
  | {
      kind: 'form';
      formType: FormType;
      formVersion: number;
      values: FormValues;
      /** Where the values were read: the revision covered by the last signature, or the whole unsigned file. */
      source: 'signed-revision' | 'unsigned';
      /** Field names whose value in the final file differs from the signed revision (a refusal reason). */
      changedAfterSigning: string[];
      /**
       * What went wrong while reading particular fields (a value cut at the length limit, a field
       * that could not be read). The caller adds them to the schema's problems: either refuses.
       */
      problems: FormProblem[];
    }
  | { kind: 'not-a-form'; reason: string };

export const notAForm = (reason: string): FormReading => ({ kind: 'not-a-form', reason });
