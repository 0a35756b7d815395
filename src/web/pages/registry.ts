import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ImportRejected } from '../../cases/index.js';
import {
  listAccessGrants,
  listAuditRecordBatches,
  listCatalogue,
  listEservices,
  type CatalogueEnvironment,
} from '../../store/dashboard-queries.js';
import { ADMINS } from '../auth/access.js';
import type { DashboardDeps } from '../dashboard-deps.js';
import { html } from '../html.js';
import { actionButton, csrfField, table, when } from '../views/layout.js';
import { pager } from '../views/pager.js';
import { pageNumber, redirectWithNotice, sendPage, staffOf, text } from './common.js';

const PAGE_SIZE = 50;
const ENVIRONMENTS: readonly CatalogueEnvironment[] = ['test', 'production'];

/** An uploaded file from a multipart form (fields attached to the body as key/values). */
function uploaded(request: FastifyRequest, field: string): { name: string; bytes: Uint8Array } {
  const value = (request.body as Record<string, unknown> | undefined)?.[field] as
    { filename?: unknown; data?: unknown } | undefined;
  const data = value?.data;
  if (!(data instanceof Buffer) || data.length === 0)
    throw Object.assign(new Error('choose a non-empty file to import'), { statusCode: 400 });
  const name =
    typeof value?.filename === 'string' && value.filename ? value.filename : 'upload.csv';
  return { name: name.slice(0, 200), bytes: new Uint8Array(data) };
}

function rejected(error: unknown): string | undefined {
  return error instanceof ImportRejected
    ? `Not imported: ${error.problems.slice(0, 10).join('; ')}`
    : undefined;
}

function environmentOf(request: FastifyRequest): CatalogueEnvironment | undefined {
  const env = (request.params as { env: string }).env;
  return ENVIRONMENTS.includes(env as CatalogueEnvironment)
    ? (env as CatalogueEnvironment)
    : undefined;
}

/** The registry: e-services, access grants, the IS catalogues and the audit-record imports. */
export function registerRegistryPages(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/eservices', { config: { access: 'staff' } }, async (request, reply) => {
    const q = text(request.query, 'q');
    const pageNo = pageNumber(request.query);
    const result = await listEservices(deps.db, {
      q,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, {
      title: 'E-services',
      current: '/eservices',
      body: html`<h1>Registry of e-services</h1>
        <form method="get" action="/eservices" class="filters" role="search">
          <label>Identifier, name or institution <input name="q" value="${q ?? ''}" /></label>
          <button type="submit">Search</button>
        </form>
        ${table(
          `E-services (${result.total})`,
          ['Identifier', 'Name', 'Institution', 'Contact', 'Case', 'Grants', 'APIs', 'Registered'],
          result.items.map((e) => [
            e.identifier,
            e.nameEn ? html`${e.nameLv}<br /><span class="muted">${e.nameEn}</span>` : e.nameLv,
            `${e.institutionName}, ${e.institutionRegNo}`,
            e.contactPerson,
            html`<a href="/cases/${e.caseNumber}">${e.caseNumber}</a>`,
            html`<a href="/grants?eservice=${e.identifier}">${e.grantCount}</a>`,
            e.apiPublicationCount,
            when(e.registeredAt),
          ]),
          'none registered.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}`,
    });
  });

  app.get('/grants', { config: { access: ['operator', 'admin'] } }, async (request, reply) => {
    const q = text(request.query, 'q');
    const eservice = text(request.query, 'eservice');
    const env = text(request.query, 'environment') as CatalogueEnvironment | undefined;
    const environment = env && ENVIRONMENTS.includes(env) ? env : undefined;
    const pageNo = pageNumber(request.query);
    const result = await listAccessGrants(deps.db, {
      q,
      eservice,
      environment,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, {
      title: 'Access grants',
      current: '/grants',
      body: html`<h1>Access grants</h1>
        <form method="get" action="/grants" class="filters" role="search">
          <label>Person or organisation <input name="q" value="${q ?? ''}" /></label>
          <label>E-service <input name="eservice" value="${eservice ?? ''}" /></label>
          <label
            >Environment
            <select name="environment">
              <option value="">any</option>
              ${ENVIRONMENTS.map(
                (e) =>
                  html`<option value="${e}" ${environment === e ? html`selected` : ''}>
                    ${e}
                  </option>`,
              )}
            </select></label
          >
          <button type="submit">Search</button>
        </form>
        ${table(
          `Grants (${result.total})`,
          ['E-service', 'Person', 'E-mail', 'Organisation', 'Role', 'Environment', 'Until', 'Case'],
          result.items.map((g) => [
            html`${g.eserviceIdentifier}<br /><span class="muted">${g.eserviceName}</span>`,
            `${g.name} ${g.surname}`,
            g.email,
            g.organisation,
            g.role,
            g.environment,
            g.validUntil,
            html`<a href="/cases/${g.caseNumber}">${g.caseNumber}</a>`,
          ]),
          'no grants.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}`,
    });
  });

  app.get('/catalogue/:env', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const environment = environmentOf(request);
    if (!environment) return reply.code(404).send('no such catalogue');
    const q = text(request.query, 'q');
    const pageNo = pageNumber(request.query);
    const result = await listCatalogue(deps.db, environment, {
      q,
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    const admin = staff.user.role === 'admin';
    return sendPage(request, reply, {
      title: `${environment} IS catalogue`,
      current: '/catalogue/test',
      body: html`<h1>IS catalogue: ${environment}</h1>
        <p>
          ${ENVIRONMENTS.map((e) =>
            e === environment
              ? html`<strong>${e}</strong> `
              : html`<a href="/catalogue/${e}">${e}</a> `,
          )}
        </p>
        <form method="get" action="/catalogue/${environment}" class="filters" role="search">
          <label>Identifier or name <input name="q" value="${q ?? ''}" /></label>
          <button type="submit">Search</button>
        </form>
        ${table(
          `Entries (${result.total})`,
          [
            'Identifier',
            'Name',
            'Version',
            'Institution',
            'Case',
            'Updated',
            ...(admin ? ['Edit'] : []),
          ],
          result.items.map((e) => [
            e.identifier,
            e.name,
            e.version,
            e.institutionRegNo ?? '—',
            e.caseNumber ? html`<a href="/cases/${e.caseNumber}">${e.caseNumber}</a>` : '—',
            when(e.updatedAt),
            ...(admin
              ? [
                  html`<form method="post" action="/catalogue/${environment}/entry" class="inline">
                      ${csrfField(staff)}
                      <input type="hidden" name="identifier" value="${e.identifier}" />
                      <label
                        >Name <input name="name" value="${e.name}" required maxlength="300"
                      /></label>
                      <label
                        >Version <input name="version" value="${e.version}" required size="6"
                      /></label>
                      <button type="submit">Save</button>
                    </form>
                    ${actionButton(
                      staff,
                      `/catalogue/${environment}/entry`,
                      'Delete',
                      { identifier: e.identifier, delete: 'yes' },
                      `Delete ${e.identifier} from the ${environment} catalogue?`,
                    )}`,
                ]
              : []),
          ]),
          'empty.',
        )}
        ${pager(request, pageNo, PAGE_SIZE, result.total)}
        ${
          admin
            ? html`<h2>Import</h2>
                <form
                  method="post"
                  action="/catalogue/${environment}/import"
                  enctype="multipart/form-data"
                  class="stack"
                >
                  ${csrfField(staff)}
                  <label for="catalogue-file"
                    >CSV or JSON file (identifier, name, version, …)</label
                  >
                  <input id="catalogue-file" name="file" type="file" accept=".csv,.json" required />
                  <button type="submit">Import into the ${environment} catalogue</button>
                </form>`
            : ''
        }`,
    });
  });

  app.post(
    '/catalogue/:env/import',
    { config: { access: ADMINS, uploads: true } },
    async (request, reply) => {
      const environment = environmentOf(request);
      if (!environment) return reply.code(404).send('no such catalogue');
      const file = uploaded(request, 'file');
      try {
        const count = await deps.actions.importCatalogue(
          environment,
          file.name,
          file.bytes,
          staffOf(request).user.username,
        );
        return redirectWithNotice(reply, `/catalogue/${environment}`, `${count} entries imported.`);
      } catch (error) {
        const why = rejected(error);
        if (why) return redirectWithNotice(reply, `/catalogue/${environment}`, why);
        throw error;
      }
    },
  );

  app.post('/catalogue/:env/entry', { config: { access: ADMINS } }, async (request, reply) => {
    const environment = environmentOf(request);
    const identifier = text(request.body, 'identifier');
    if (!environment || !identifier) return reply.code(404).send('no such entry');
    const remove = text(request.body, 'delete') === 'yes';
    const name = text(request.body, 'name', 300);
    const version = text(request.body, 'version', 50);
    if (!remove && (!name || !version))
      return reply.code(400).send('name and version are required');
    await deps.actions.editCatalogue(
      environment,
      identifier,
      remove ? null : { name, version },
      staffOf(request).user.username,
    );
    return redirectWithNotice(
      reply,
      `/catalogue/${environment}`,
      remove ? `${identifier} deleted.` : `${identifier} saved.`,
    );
  });

  app.get('/audit-records', { config: { access: 'staff' } }, async (request, reply) => {
    const staff = staffOf(request);
    const batches = await listAuditRecordBatches(deps.db);
    return sendPage(request, reply, {
      title: 'Audit records',
      current: '/audit-records',
      body: html`<h1>Audit-record imports</h1>
        <p>
          Exports of the test environment's audit records; P2 checks a web service's calls against
          them.
        </p>
        ${table(
          'Batches',
          ['Batch', 'Records', 'Successful', 'From', 'To', 'Services', 'Imported'],
          batches.map((b) => [
            b.batch,
            b.records,
            b.ok,
            when(b.firstAt),
            when(b.lastAt),
            b.services.join(', '),
            when(b.importedAt),
          ]),
          'nothing imported yet.',
        )}
        ${
          staff.user.role === 'admin'
            ? html`<h2>Import</h2>
                <form
                  method="post"
                  action="/audit-records/import"
                  enctype="multipart/form-data"
                  class="stack"
                >
                  ${csrfField(staff)}
                  <label for="batch">Batch name (a batch of the same name is replaced)</label>
                  <input id="batch" name="batch" maxlength="100" />
                  <label for="audit-file">CSV or JSON file</label>
                  <input id="audit-file" name="file" type="file" accept=".csv,.json" required />
                  <button type="submit">Import</button>
                </form>`
            : ''
        }`,
    });
  });

  app.post(
    '/audit-records/import',
    { config: { access: ADMINS, uploads: true } },
    async (request, reply) => {
      const file = uploaded(request, 'file');
      const batch = text(request.body, 'batch', 100) ?? file.name;
      try {
        const count = await deps.actions.importAuditRecords(
          batch,
          file.name,
          file.bytes,
          staffOf(request).user.username,
        );
        return redirectWithNotice(
          reply,
          '/audit-records',
          `${count} records imported as ${batch}.`,
        );
      } catch (error) {
        const why = rejected(error);
        if (why) return redirectWithNotice(reply, '/audit-records', why);
        throw error;
      }
    },
  );
}
