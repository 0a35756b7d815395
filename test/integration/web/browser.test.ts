import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { routeStage } from '../../../pipelines/route.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failingRouteWorker,
  startDashboard,
  TEST_PASSWORD,
  type Dashboard,
} from './dashboard-harness.js';

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser is
 * downloaded). `.ci/run` installs Chromium, so in CI a missing browser fails the run; on a
 * machine without it the tests are skipped and say why.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'])
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium for these tests`);
if (!haveChromium)
  process.stderr.write(
    `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
  );

/** Screenshots are kept as test artifacts (and the README's pictures come from here). */
export const SCREENSHOTS = join('test-artifacts', 'screenshots');

describe.skipIf(!haveChromium)('the dashboard in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  let base: string;
  let worker: ReturnType<typeof failingRouteWorker>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dash = await startDashboard();
    base = await dash.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    // A stage that fails for good until the test fixes it: a dead letter on a case's message.
    worker = failingRouteWorker(dash);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await dash?.close();
  });

  async function signIn(role: string): Promise<Page> {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(page.url()).toContain('/login');
    await page.getByLabel('Username').fill(role);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  it('an operator signs in and sees the overview with its charts', async () => {
    const page = await signIn('operator');
    await expect(page.getByRole('heading', { name: 'Overview' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('svg[role="img"]').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    await page.context().close();
  });

  it('an operator opens a case from the list and retries its failed job', async () => {
    await dash.queues.enqueue(routeStage, { messageId: dash.seed.messageIds.productionRequest });
    const page = await signIn('operator');
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('link', { name: dash.seed.caseNumbers.production }).click();
    await expect(
      page.getByRole('heading', { name: `Case ${dash.seed.caseNumbers.production}` }).isVisible(),
    ).resolves.toBe(true);
    const retry = page.getByRole('button', { name: 'Retry the failed route job' });
    for (let i = 0; i < 50 && !(await retry.isVisible()); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'case.png'), fullPage: true });
    worker.fix();
    await retry.click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('queued again');
    for (let i = 0; i < 50 && worker.runs.length < 2; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(worker.runs).toHaveLength(2);
    await page.reload();
    await expect(page.locator('.timeline').textContent()).resolves.toContain('job-retried');
    await page.context().close();
  });

  it('a compliance officer exports the period as CSV, and its rows are the verified documents', async () => {
    const page = await signIn('compliance');
    await page.getByRole('link', { name: 'Signature reports' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const file = await download.path();
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^documentId,sha256,filename,/);
    const verified = await dash.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM verification_reports',
    );
    expect(lines.length - 1).toBe(Number(verified.rows[0]?.n));
    expect(lines.some((l) => l.includes('TOTAL_FAILED'))).toBe(true);
    await page.context().close();
  });

  it('a compliance officer opens a document’s signature report', async () => {
    const page = await signIn('compliance');
    await page.goto(`${base}/reports/signatures?verdict=accepted`);
    await page.getByRole('link', { name: 'open' }).first().click();
    await expect(
      page.getByRole('heading', { name: /Signature report:/ }).isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'document-report.png'), fullPage: true });
    await page.getByRole('link', { name: 'Full validation report (HTML)' }).click();
    await expect(
      page.getByRole('heading', { name: 'Signature validation report' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.locator('body').textContent()).resolves.toContain('TOTAL_PASSED');
    // The report's own style applied (allowed by its hash), so the verdict is coloured.
    const colour = await page
      .locator('.ok')
      .first()
      .evaluate((e) => getComputedStyle(e).color);
    expect(colour).toBe('rgb(10, 93, 26)');
    await page.screenshot({ path: join(SCREENSHOTS, 'signature-report.png'), fullPage: true });
    await page.context().close();
  });
});
