/**
 * The dashboard end to end in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core): the example policy behind the real gateway and demo upstream, real JWTs, then
 * in the browser: login required (redirect), a wrong token rejected, filters, the disclosures CSV
 * download (its content checked), a break-glass review recorded (and found in the audit log), the
 * live feed showing a new request. Screenshots go to test-output/screenshots/.
 * Without Chromium the suite skips with the reason, unless CI is set (then it fails).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseLeaf } from '../../src/audit/record.js';
import { ADMIN_TOKEN, startDashboardStack, traffic, type DashboardStack } from '../helpers/dashboard.js';
import { requireOrSkip } from '../helpers/requires.js';
import { bearer, tok } from '../helpers/security.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const suite = requireOrSkip(`Chromium at ${CHROMIUM}`, existsSync(CHROMIUM), 'apt-get install -y chromium; .ci/run installs it');

suite('dashboard in headless Chromium', () => {
  let s: DashboardStack;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await startDashboardStack();
    expect(await traffic(s)).toEqual({ allowed: 2, denied: 1, breakGlass: 1 });
    profile = mkdtempSync(join(tmpdir(), 'pg-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
    await s?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('requires login: the page redirects to /login and a wrong token is rejected', async () => {
    const res = await page.goto(`${s.admin.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(res?.status()).toBe(200);
    await page.getByLabel('Admin token').fill('wrong-token-but-long-enough-1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The token was not accepted.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot('01-login-rejected');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${s.admin.url}/`);
    await expect.poll(() => page.locator('#feed-status').textContent()).toBe('connected');
    await expect.poll(() => page.locator('#explorer-table tbody tr').count()).toBeGreaterThan(4);
    const cookies = await ctx.cookies();
    expect(cookies.find((c) => c.name === 'pg_admin')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await shot('02-dashboard');
  });

  it('filters the audit explorer by reason and by patient', async () => {
    const form = page.locator('#explorer-form');
    await form.getByLabel('Reason code').fill('PG_AUTH_MISSING');
    await form.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#explorer-table tbody tr').count()).toBe(1);
    expect(await page.locator('#explorer-table tbody tr td').nth(7).textContent()).toBe('401');
    await form.getByLabel('Reason code').fill('');
    await form.getByLabel('Patient reference').fill(`Patient/${s.patient}`);
    await form.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#explorer-status').textContent()).toContain('patient filter =');
    expect(await page.locator('#explorer-table tbody tr').count()).toBe(2);
    const html = await page.content();
    expect(html).not.toContain(s.patient); // only keyed references in the table
    await shot('03-explorer-filtered');
  });

  it('downloads the disclosures CSV of a patient', async () => {
    const form = page.locator('#disclosures-form');
    await form.getByLabel('Patient reference').fill(`Patient/${s.patient}`);
    await form.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('#disclosures-table tbody tr').count()).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#disclosures-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^disclosures-.+\.csv$/);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^index,date,type,user/);
    expect(lines.length).toBe(3);
    expect(lines.slice(1).map((l) => l.split(',')[8])).toEqual(['TREAT', 'HPAYMT']);
    await shot('04-disclosures');
  });

  it('records a break-glass review, which is appended to the audit log and leaves the queue', async () => {
    const rowLoc = page.locator('#breakglass-table tbody tr');
    await expect.poll(() => rowLoc.count()).toBe(1);
    const entry = Number(await rowLoc.locator('td').first().textContent());
    await rowLoc.getByLabel('Note').fill('Confirmed with the ER attending');
    await rowLoc.getByRole('button', { name: 'Flag' }).click();
    await expect.poll(() => page.locator('#breakglass-status').textContent()).toContain(`Recorded: entry ${entry} flag`);
    await expect.poll(() => rowLoc.count()).toBe(0);
    expect(await page.locator('#reviewed-table tbody tr td').nth(2).textContent()).toBe('Confirmed with the ER attending');
    await shot('05-breakglass-reviewed');
    await s.guard.audit.log.flush();
    const size = await s.guard.audit.log.size();
    const entries = await s.guard.audit.log.store.entries(0, size);
    const reviews = entries.map((e) => parseLeaf(e.leaf!)).filter((l) => l.type === 'review' && (l.what as { action?: string }).action === 'break-glass-review');
    expect(reviews.map((l) => l.what)).toEqual([expect.objectContaining({ entry, decision: 'flag', note: 'Confirmed with the ER attending' })]);
  });

  it('shows a new request in the live feed', async () => {
    const before = await page.locator('#feed-list li[data-kind="decision"]').count();
    const res = await fetch(`${s.gatewayUrl}/Patient/${s.other}`, { headers: bearer(await tok.billing()) });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    await expect.poll(() => page.locator('#feed-list li[data-kind="decision"]').count()).toBe(before + 1);
    const first = await page.locator('#feed-list li').first().textContent();
    expect(first).toMatch(/GET patient-read {2}200 {2}allowed {2}PG_OK/);
    expect(first).not.toContain(s.other);
    await shot('06-live-feed');
  });

  it('verifies the audit log from the integrity panel and draws the charts with a table fallback', async () => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => page.locator('#integrity-status').textContent()).toMatch(/^Intact: \d+ entries$/);
    await expect.poll(() => page.locator('#integrity-list').textContent()).toContain('intact at');
    expect(await page.locator('#chart svg rect').count()).toBe(48);
    const total = await page.locator('#chart-table tbody tr td:nth-child(2)').allTextContents();
    expect(total.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    await shot('07-integrity-charts');
  });
});
