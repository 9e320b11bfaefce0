import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, type CreatedWorkshop } from '../helpers/workshop';
import { DESKTOP, docScreenshotPath, ensureTestBuild, launchBrowser, PHONE, waitForBoard } from '../helpers/browser';

// The whole UI follows the browser's language, the switch is remembered, and summary downloads speak the UI language.

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

async function openIn(locale: string, viewport: { width: number; height: number } = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

/** Joins with the German join form, which is what a German browser shows. */
async function joinInGerman(page: Page, workshop: CreatedWorkshop, name: string): Promise<void> {
  await page.goto(workshop.links.facilitator);
  await page.getByLabel('Dein Name, wie andere ihn sehen').fill(name);
  await page.getByRole('button', { name: 'Beitreten' }).click();
  await waitForBoard(page);
}

async function downloadMarkdown(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('summary-panel').getByRole('link', { name: 'Markdown' }).click();
  const path = await (await download).path();
  return readFile(path, 'utf8');
}

describe('the UI in the browser’s language', () => {
  it('a German browser gets the board in German, and a switch to French survives a reload', async () => {
    const workshop = await createWorkshop(server.url, 'Sprachen');
    const page = await openIn('de-DE');
    await joinInGerman(page, workshop, 'Dora');

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByRole('toolbar', { name: 'Werkzeuge' }).getByRole('button', { name: 'Notiz', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Liste', exact: true }).click();
    const list = page.getByRole('region', { name: 'Notizen nach Weg' });
    for (const path of ['Gemeinsame Werte', 'Produkt-Resonanz', 'Technik', 'Social Business', 'Noch nicht platziert']) {
      await list.getByRole('heading', { name: new RegExp(`^${path} \\(0\\)$`) }).waitFor();
    }
    await page.getByRole('region', { name: 'Phase des Workshops' }).getByText('Sammeln').waitFor();

    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('fr');
    await page.getByRole('region', { name: 'Notes par voie' }).getByRole('heading', { name: /^Valeurs partagées \(0\)$/ }).waitFor();
    await page.getByRole('toolbar', { name: 'Outils du tableau' }).getByRole('button', { name: 'Note', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    await page.reload();
    await waitForBoard(page);
    const select = page.getByRole('combobox', { name: 'Langue' });
    expect(await select.inputValue()).toBe('fr');
    await page.getByRole('button', { name: 'Liste', exact: true }).waitFor();
    await page.getByRole('toolbar', { name: 'Outils du tableau' }).waitFor();
  });

  it('downloads the summary in the UI language: German headings first, French after the switch', async () => {
    const workshop = await createWorkshop(server.url, 'Zusammenfassung');
    const page = await openIn('de-DE');
    await joinInGerman(page, workshop, 'Dora');

    await page.getByRole('button', { name: 'Fazit', exact: true }).click();
    await page.getByRole('heading', { name: 'Fazit', level: 2 }).waitFor();
    const german = await downloadMarkdown(page);
    expect(german).toContain('## Gewichtung');
    expect(german).toContain('Gemeinsame Werte');
    expect(german).not.toContain('## Balance');

    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('fr');
    await page.getByRole('heading', { name: 'Synthèse', level: 2 }).waitFor();
    const french = await downloadMarkdown(page);
    expect(french).toContain('## Équilibre');
    expect(french).toContain('Valeurs partagées');
  });

  it('a browser in a language we lack (Dutch) gets English, the existing tests’ names included', async () => {
    const workshop = await createWorkshop(server.url, 'Fallback');
    const page = await openIn('nl-NL');
    await page.goto(workshop.links.participant);
    await page.getByLabel('Your name, as others will see it').fill('Noor');
    await page.getByRole('button', { name: 'Join' }).click();
    await waitForBoard(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.getByRole('region', { name: 'Notes by path' }).getByRole('heading', { name: /^Collective Values \(0\)$/ }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
  });

  it('the German board fits a phone held upright', async () => {
    const workshop = await createWorkshop(server.url, 'Strategie-Klausur der Geschäftsführung');
    const page = await openIn('de-DE', PHONE);
    await joinInGerman(page, workshop, 'Dora');
    await page.getByRole('combobox', { name: 'Sprache' }).waitFor();
    // Nothing in the top bar reaches past the screen's right edge.
    const right = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.topbar *')].map((el) => el.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: docScreenshotPath('i18n-phone-de.png') });
  });
});
