import { Redis } from 'ioredis';
import { STAGES } from '../../../pipelines/graph.js';
import type { Config } from '../../config/index.js';
import { retryJob } from '../../../pipelines/staff-actions.js';
import { listDeadLetters } from '../../queue/dead-letters.js';
import { createPipelineQueues, type PipelineQueues } from '../../queue/pipeline-queues.js';
import { openDatabase } from '../../store/index.js';

/** The dead-letter queue from the command line (the dashboard shows the same). */
async function withQueues<T>(config: Readonly<Config>, work: (q: PipelineQueues) => Promise<T>) {
  const connection = new Redis(config.redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  await connection.connect();
  const queues = createPipelineQueues(connection, config.redis.prefix, STAGES, () => undefined);
  try {
    return await work(queues);
  } finally {
    await queues.close();
    connection.disconnect();
  }
}

export async function listDeadLettersCommand(config: Readonly<Config>): Promise<string> {
  const dead = await withQueues(config, listDeadLetters);
  if (dead.length === 0) return 'no dead letters';
  return dead
    .map(
      (d) =>
        `${d.id}  ${d.stage.padEnd(12)} ${JSON.stringify(d.data)}  ${d.failedAt}\n    ${d.error}`,
    )
    .join('\n');
}

export async function retryDeadLetterCommand(
  config: Readonly<Config>,
  id: string,
  user: string,
): Promise<string> {
  const db = await openDatabase(config);
  try {
    const retried = await withQueues(config, (queues) => retryJob(db, queues, id, user));
    return `${retried.stage} job ${retried.jobId} is queued again`;
  } finally {
    await db.close();
  }
}
