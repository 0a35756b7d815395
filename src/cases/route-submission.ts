import type { Procedure } from './case-types.js';
import type { Submission } from './submission.js';

/**
 * Which step a mail is for, by the forms it carries (the form type decides; the mailbox only
 * matters for mail without a form, which is support). Forms of different steps in one mail are
 * refused rather than guessed at: the answer to one may depend on the other.
 */
export type Step = 'registration' | 'access' | 'production' | 'acceptance-act' | 'support';

export interface Routing {
  procedure: Procedure;
  step: Step;
  /** Set when the mail mixes steps: the refusal's reason. */
  conflict?: string;
}

const STEP_OF_FORM: Record<string, Step> = {
  'eservice-registration': 'registration',
  'access-rights': 'access',
  'api-manager': 'access',
  'production-request': 'production',
  'acceptance-act': 'acceptance-act',
};

const PROCEDURE_OF_STEP: Record<Step, Procedure> = {
  registration: 'P1',
  access: 'P1',
  production: 'P2',
  'acceptance-act': 'P2',
  support: 'support',
};

export function routeSubmission(submission: Submission): Routing {
  const steps = new Set<Step>();
  for (const document of submission.documents) {
    const step = document.form ? STEP_OF_FORM[document.form.formType] : undefined;
    if (step) steps.add(step);
  }
  const [first, ...others] = [...steps];
  if (!first) return { procedure: 'support', step: 'support' };
  if (others.length)
    return {
      procedure: PROCEDURE_OF_STEP[first],
      step: first,
      conflict:
        'the mail carries forms of different steps; please send each step in a separate mail',
    };
  if (first === 'registration' && submission.documents.filter((d) => d.form).length > 1)
    return {
      procedure: 'P1',
      step: first,
      conflict: 'the mail carries more than one registration form; please send one per mail',
    };
  return { procedure: PROCEDURE_OF_STEP[first], step: first };
}
