import { AppError } from '../errors/index.js';
import { DEAD_LETTER_QUEUE, type PipelineQueues } from './pipeline-queues.js';

/**
 * The jobs that ran out of attempts (or failed for good), as staff see them: which stage, which
 * job, the last error, when. Retrying puts the original failed job back to work with fresh
 * attempts (its id, and so its once-only guarantee, unchanged) and removes the dead letter.
 */
export interface DeadLetter {
  id: string;
  stage: string;
  jobId: string;
  /** The payload: ids only, never documents or personal data. */
  data: Record<string, unknown>;
  error: string;
  failedAt: string;
}

/** More than this is a systemic failure to fix first; the list says how many more there are. */
export const MAX_DEAD_LETTERS_LISTED = 500;

interface DeadLetterData {
  stage: string;
  jobId: string;
  data: Record<string, unknown>;
  error: string;
  failedAt: string;
}

export async function listDeadLetters(queues: PipelineQueues): Promise<DeadLetter[]> {
  const jobs = await queues
    .queue(DEAD_LETTER_QUEUE)
    .getJobs(['waiting', 'delayed', 'prioritized'], 0, MAX_DEAD_LETTERS_LISTED - 1, true);
  return jobs
    .filter((job) => job?.id)
    .map((job) => {
      const d = job.data as DeadLetterData;
      return {
        id: String(job.id),
        stage: d.stage,
        jobId: d.jobId,
        data: d.data,
        error: d.error,
        failedAt: d.failedAt,
      };
    });
}

export async function retryDeadLetter(queues: PipelineQueues, id: string): Promise<DeadLetter> {
  const dead = await queues.queue(DEAD_LETTER_QUEUE).getJob(id);
  if (!dead) throw new AppError('RECORD_NOT_FOUND', `no dead letter ${id}`);
  const d = dead.data as DeadLetterData;
  const original = await queues.queue(d.stage).getJob(d.jobId);
  if (!original)
    throw new AppError('RECORD_NOT_FOUND', `job ${d.jobId} is no longer in the ${d.stage} queue`);
  if (!(await original.isFailed()))
    throw new AppError('CASE_STATE_CONFLICT', `job ${d.jobId} is not failed any more`);
  await original.retry('failed', { resetAttemptsMade: true });
  await dead.remove();
  return { id, stage: d.stage, jobId: d.jobId, data: d.data, error: d.error, failedAt: d.failedAt };
}

/** The dead-lettered jobs about any of these messages or this case. */
export function deadLettersOf(
  dead: readonly DeadLetter[],
  messageIds: readonly string[],
  caseId?: string,
): DeadLetter[] {
  const ids = new Set(messageIds);
  return dead.filter((d) => {
    const messageId = d.data['messageId'];
    const ofCase = d.data['caseId'];
    return (
      (typeof messageId === 'string' && ids.has(messageId)) ||
      (caseId !== undefined && ofCase === caseId)
    );
  });
}
