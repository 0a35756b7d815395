import { sendReminders } from '../src/cases/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import { stalePendingOutbox } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { procedureContext } from './procedure-context.js';
import { respondStage } from './respond.js';

/**
 * A pending answer older than this was not handed on by the step that queued it (a crash, or a
 * staff action outside the pipeline); the sweep does it. Handing on twice is harmless (job ids).
 */
const STALE_ANSWER_MS = 5_000;
/** Answers handed on per sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

export function remindersHandler(deps: StageDeps): StageHandler {
  return async (_payload, { logger }) => {
    const sent = await deps.db.transaction((tx) =>
      sendReminders(procedureContext(deps.config, tx, new Date())),
    );
    if (sent) logger.info({ reminders: sent }, 'reminders queued');
    // Answers a crash left between a step's commit and their hand-on, and the reminders above.
    const stale = await stalePendingOutbox(
      deps.db,
      new Date(Date.now() - STALE_ANSWER_MS),
      SWEEP_BATCH,
    );
    for (const outboxId of stale) await deps.enqueue(respondStage, { outboxId });
  };
}
