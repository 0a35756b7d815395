import type { FastifyInstance } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps.js';
import { registerCasePages } from './cases.js';
import { registerMessagePages } from './messages.js';
import { registerOverviewPage } from './overview.js';
import { registerQueuePages } from './queues.js';
import { registerRegistryPages } from './registry.js';
import { registerReportPages } from './reports.js';
import { registerRosterPages } from './roster.js';
import { registerSupportPage } from './support.js';
import { registerUserPages } from './users.js';

/** Every page of the staff dashboard; each route declares who may use it. */
export async function registerDashboard(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  registerOverviewPage(app, deps);
  registerMessagePages(app, deps);
  registerCasePages(app, deps);
  registerSupportPage(app, deps);
  registerRegistryPages(app, deps);
  registerQueuePages(app, deps);
  registerReportPages(app, deps);
  registerUserPages(app, deps);
  registerRosterPages(app, deps);
}
