import { sendReminders } from '../src/cases/index.js';
import type { StageHandler } from '../src/queue/pipeline-workers.js';
import { stalePendingOutbox } from '../src/store/index.js';
import type { StageDeps } from './deps.js';
import { procedureContext } from './procedure-context.js';
import { respondStage } from './respond.js';

/**
 * A pending answer older than this was not handed on by the step that queued it (a crash, or a
 * staff action outside the pipeline), or its respond job ran out of attempts while the relay or
 * the TSA was away; the sweep hands it on again. Handing on twice is harmless (job ids, and the
 * outbox's pending → sending move, which only one job can make).
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
    // A respond job that failed for good leaves its answer `pending` (a 4xx or a TSA outage
    // longer than the backoff), and one that completed without sending leaves it pending once
    // staff release it (held by the cap, unconfirmed): re-adding its id would be ignored, so the
    // finished job runs again instead.
    for (const outboxId of stale)
      await deps.enqueue(respondStage, { outboxId }, { rerunFinished: true });
  };
}
