import type { CaseRecord } from './case-types.js';
import { acceptSignedAct } from './acceptance-act.js';
import { handleSupport } from './handle-support.js';
import type { ProcedureContext } from './ports.js';
import { refuseSubmission } from './refuse-submission.js';
import { registerEService } from './register-eservice.js';
import { requestAccess } from './request-access.js';
import { requestProduction } from './request-production.js';
import { routeSubmission } from './route-submission.js';
import type { Submission } from './submission.js';

/**
 * Runs the step a submission is for. Idempotent at this level: a message that already belongs to
 * a case is not handled again (the caller runs this in one transaction with that check).
 */
export async function runSubmission(
  ctx: ProcedureContext,
  submission: Submission,
): Promise<CaseRecord> {
  const done = await ctx.store.caseOfMessage(submission.messageId);
  if (done) return done;
  const routing = routeSubmission(submission);
  if (routing.conflict)
    return refuseSubmission(
      ctx,
      submission,
      routing.procedure,
      submission.documents.filter((d) => d.form),
      [routing.conflict],
    );
  const registration = submission.documents.find(
    (d) => d.form?.formType === 'eservice-registration',
  );
  switch (routing.step) {
    case 'registration':
      if (!registration) throw new Error('routed to registration without the form');
      return registerEService(ctx, submission, registration);
    case 'access':
      return requestAccess(ctx, submission);
    case 'production':
      return requestProduction(ctx, submission);
    case 'acceptance-act':
      return acceptSignedAct(ctx, submission);
    case 'support':
      return handleSupport(ctx, submission);
  }
}
