import type { FastifyInstance } from 'fastify';
import { listStaffUsers, STAFF_ROLES, type StaffRole } from '../../store/staff-repository.js';
import { ADMINS } from '../auth/access.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { actionButton, csrfField, table, when } from '../views/layout.js';
import { redirectWithNotice, sendPage, staffOf, text } from './common.js';

function role(value: string | undefined): StaffRole | undefined {
  return (STAFF_ROLES as readonly string[]).includes(value ?? '')
    ? (value as StaffRole)
    : undefined;
}

/** Admins manage dashboard accounts; every change is in the audit log under `user:<name>`. */
export function registerUserPages(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/users', { config: { access: ADMINS } }, async (request, reply) => {
    const staff = staffOf(request);
    const users = await listStaffUsers(deps.db);
    return sendPage(request, reply, {
      title: 'Users',
      current: '/users',
      body: html`<h1>Users</h1>
        ${table(
          'Dashboard accounts',
          ['Username', 'Name', 'Role', 'State', 'Created', 'Change'],
          users.map((u) => [
            u.username,
            u.displayName,
            u.role,
            u.disabled ? html`<span class="bad">disabled</span>` : 'active',
            when(u.createdAt),
            html`<form method="post" action="/users/${u.username}" class="inline">
                ${csrfField(staff)}
                <label
                  >Role
                  <select name="role">
                    ${STAFF_ROLES.map(
                      (r) =>
                        html`<option value="${r}" ${r === u.role ? html`selected` : ''}>
                          ${r}
                        </option>`,
                    )}
                  </select></label
                >
                <button type="submit">Save role</button>
              </form>
              ${actionButton(staff, `/users/${u.username}`, u.disabled ? 'Enable' : 'Disable', {
                state: u.disabled ? 'enable' : 'disable',
              })}`,
          ]),
        )}
        <h2>Add a user</h2>
        <form method="post" action="/users" class="stack">
          ${csrfField(staff)}
          <label for="new-username">Username</label>
          <input id="new-username" name="username" required pattern="[a-z0-9][a-z0-9._-]{1,62}" />
          <label for="new-name">Name</label>
          <input id="new-name" name="displayName" required />
          <label for="new-role">Role</label>
          <select id="new-role" name="role">
            ${STAFF_ROLES.map((r) => html`<option value="${r}">${r}</option>`)}
          </select>
          <button type="submit">Add (a password is generated and shown once)</button>
        </form>`,
    });
  });

  app.post('/users', { config: { access: ADMINS } }, async (request, reply) => {
    const staff = staffOf(request);
    const username = text(request.body, 'username', 63);
    const chosen = role(text(request.body, 'role'));
    if (!username || !chosen) return reply.code(400).send('username and role are required');
    const displayName = text(request.body, 'displayName');
    const added = await deps.actions.addUser(
      { username, role: chosen, ...(displayName ? { displayName } : {}) },
      staff.user.username,
    );
    return sendPage(request, reply, {
      title: 'User added',
      current: '/users',
      body: html`<h1>User ${added.user.username} added</h1>
        <p>
          Give this password to ${added.user.displayName} over a separate channel. It is shown only
          now:
        </p>
        <p><code>${added.generatedPassword}</code></p>
        <p><a href="/users">Back to users</a></p>`,
    });
  });

  app.post('/users/:username', { config: { access: ADMINS } }, async (request, reply) => {
    const staff = staffOf(request);
    const { username } = request.params as { username: string };
    const state = text(request.body, 'state');
    const chosen = role(text(request.body, 'role'));
    if (username === staff.user.username && (state === 'disable' || (chosen && chosen !== 'admin')))
      return reply.code(409).send('you cannot lock yourself out: ask another admin');
    const user = await deps.actions.changeUser(
      username,
      {
        ...(chosen ? { role: chosen } : {}),
        ...(state === 'disable'
          ? { disabled: true }
          : state === 'enable'
            ? { disabled: false }
            : {}),
      },
      staff.user.username,
    );
    return redirectWithNotice(
      reply,
      '/users',
      `${user.username}: ${user.role}, ${user.disabled ? 'disabled' : 'active'}`,
    );
  });
}
