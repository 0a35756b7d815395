import type { FastifyInstance } from 'fastify';
import type { RosterEntry } from '../../cases/index.js';
import { listRoster } from '../../store/staff-repository.js';
import { ADMINS } from '../auth/access.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { actionButton, csrfField, table, when } from '../views/layout.js';
import { redirectWithNotice, sendPage, staffOf, text } from './common.js';

/** The contact people new cases go to: the dashboard's roster when it has anyone, else config. */
export async function activeRoster(deps: DashboardDeps): Promise<RosterEntry[]> {
  const kept = (await listRoster(deps.db)).filter((r) => r.active);
  return kept.length > 0 ? kept : [...deps.config.procedures.roster];
}

export function registerRosterPages(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/roster', { config: { access: ADMINS } }, async (request, reply) => {
    const staff = staffOf(request);
    const kept = await listRoster(deps.db);
    return sendPage(request, reply, {
      title: 'Roster',
      current: '/roster',
      body: html`<h1>Roster of contact people</h1>
        <p>
          New e-services go to the active person with the fewest open cases.
          ${
            kept.some((r) => r.active)
              ? 'This roster replaces the one in the configuration file.'
              : html`Nobody is active here, so the configuration's roster applies:
                ${deps.config.procedures.roster.map((r) => r.name).join(', ') || 'empty'}.`
          }
        </p>
        ${table(
          'Roster',
          ['Name', 'E-mail', 'State', 'Changed', ''],
          kept.map((r) => [
            r.name,
            r.email,
            r.active ? 'active' : html`<span class="muted">inactive</span>`,
            when(r.updatedAt),
            actionButton(staff, '/roster', r.active ? 'Deactivate' : 'Activate', {
              email: r.email,
              name: r.name,
              active: r.active ? 'no' : 'yes',
            }),
          ]),
          'nobody yet.',
        )}
        <h2>Add a person</h2>
        <form method="post" action="/roster" class="stack">
          ${csrfField(staff)}
          <input type="hidden" name="active" value="yes" />
          <label for="roster-name">Name</label>
          <input id="roster-name" name="name" required maxlength="200" />
          <label for="roster-email">E-mail</label>
          <input id="roster-email" name="email" type="email" required maxlength="200" />
          <button type="submit">Add</button>
        </form>`,
    });
  });

  app.post('/roster', { config: { access: ADMINS } }, async (request, reply) => {
    const name = text(request.body, 'name');
    const email = text(request.body, 'email');
    if (!name || !email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return reply.code(400).send('a name and a valid e-mail address are required');
    const saved = await deps.actions.saveRoster(
      { name, email, active: text(request.body, 'active') !== 'no' },
      staffOf(request).user.username,
    );
    return redirectWithNotice(
      reply,
      '/roster',
      `${saved.name}: ${saved.active ? 'active' : 'inactive'}`,
    );
  });
}
