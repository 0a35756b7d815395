import type { PipelineQueues } from './pipeline-queues.js';

export interface QueueCounts {
  stage: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Jobs per state in each queue, for the dashboard; a queue Redis cannot count reads as zero. */
export async function queueCounts(
  queues: PipelineQueues,
  names: readonly string[],
): Promise<QueueCounts[]> {
  return Promise.all(
    names.map(async (stage) => {
      const c = await queues
        .queue(stage)
        .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      return {
        stage,
        waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0),
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        failed: c['failed'] ?? 0,
        completed: c['completed'] ?? 0,
      };
    }),
  );
}
