import { AppError } from '../errors/index.js';
import type { ProcedureContext, RosterEntry } from './ports.js';

/**
 * The agency's implementation contact person for a new e-service: the roster member with the
 * fewest open cases, the first in roster order on a tie (so the choice is predictable). The
 * roster staff keep on the dashboard, when it has anyone active, replaces the configured one.
 */
export async function assignContactPerson(ctx: ProcedureContext): Promise<RosterEntry> {
  const kept = (await ctx.store.activeRoster?.()) ?? [];
  const roster = kept.length > 0 ? kept : ctx.settings.roster;
  if (roster.length === 0)
    throw new AppError('PIPELINE_MISCONFIGURED', 'procedures.roster is empty: nobody to assign');
  const counts = await ctx.store.openCaseCounts(roster.map((r) => r.name));
  let best = roster[0] as RosterEntry;
  for (const entry of roster)
    if ((counts.get(entry.name) ?? 0) < (counts.get(best.name) ?? 0)) best = entry;
  return best;
}
