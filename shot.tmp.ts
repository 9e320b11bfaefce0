import { startTestServer } from './test/helpers/server';
import { createWorkshop } from './test/helpers/workshop';
import { launchBrowser, waitForBoard } from './test/helpers/browser';
const server = await startTestServer();
const browser = await launchBrowser();
const w = await createWorkshop(server.url, 'Strategie-Klausur der Geschäftsführung');
const sizes: Record<string, { width: number; height: number }> = { phone: { width: 390, height: 844 }, laptop: { width: 1440, height: 900 }, projector: { width: 1280, height: 720 } };
for (const [locale, role, size, extra] of (process.argv.slice(2).map((a) => a.split(':')) as [string, 'participant' | 'facilitator', string, string?][])) {
  const ctx = await browser.newContext({ locale, viewport: sizes[size]!, deviceScaleFactor: 1, hasTouch: size === 'phone', isMobile: size === 'phone' });
  const page = await ctx.newPage();
  await page.goto(w.links[role]);
  await page.locator('#name').fill('Dora');
  await page.locator('button[type=submit]').click();
  await waitForBoard(page);
  if (extra === 'list') await page.locator('.toolbar .tool').filter({ has: page.locator('path[d^="M9 6h11"]') }).click();
  if (extra === 'summary') await page.locator('.toolbar .tool').nth(p(role)).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/i18n/${locale}-${role}-${size}${extra ? '-' + extra : ''}.png` });
  await ctx.close();
}
function p(role: string) { return role === 'facilitator' ? 7 : 7; }
await browser.close();
await server.close();
