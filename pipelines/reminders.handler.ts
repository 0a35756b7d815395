import { sendReminders } from '../src/cases/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDeps } from './deps.js';
import { procedureContext } from './procedure-context.js';

export function remindersHandler(deps: StageDeps): StageHandler {
  return async (_payload, { logger }) => {
    const sent = await deps.db.transaction((tx) =>
      sendReminders(procedureContext(deps.config, tx, new Date())),
    );
    if (sent) logger.info({ reminders: sent }, 'reminders queued');
  };
}
