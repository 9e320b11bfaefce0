import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createNote } from '@shared/schema/board';
import { setPhase } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { boardApi, docScreenshotPath, ensureTestBuild, joinAs, launchBrowser, newPage } from '../helpers/browser';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const clients: RoomClient[] = [];

const INITIATIVES = [
  '1. Intranet wiki for every team',
  '2. Customer forum',
  '3. Monthly open Q&A with leadership',
  '4. Values week',
  '5. Open-book finances',
  '6. Chatbot for the help desk',
  '7. Staff podcast',
  '8. Customer advisory board',
  '9. Hackathon on our own tools',
  '10. Mentoring across departments',
  '11. Public sustainability report',
  '12. Volunteering days',
].join('\n');

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('importing a list of initiatives', () => {
  it('a participant pastes twelve initiatives, sees the one already on the board flagged, and creates the other eleven in one undoable step', async () => {
    const workshop = await createWorkshop(server.url, 'Import day');
    const fran = await join(server.url, workshop, 'facilitator', 'Fran');
    const control = connectRoom(server, `${workshop.id}/control`, fran.token);
    const board = connectRoom(server, `${workshop.id}/board`, fran.token);
    clients.push(control, board);
    await Promise.all([control.synced, board.synced]);
    setPhase(control.doc, 'place');
    createNote(board.doc, { text: 'Values Week!', x: -0.5, y: 0.5, authorId: fran.participantId });

    ({ context, page } = await newPage(browser, { viewport: { width: 1440, height: 900 } }));
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await joinAs(page, workshop.links.participant, 'Ana');
    await page.waitForFunction(() => window.__fourPaths?.notes().length === 1);

    await page.getByTestId('import-notes').click();
    await page.getByLabel('Paste a list').fill(INITIATIVES);
    const rows = page.getByTestId('import-row');
    await rows.nth(11).waitFor();
    expect(await rows.count()).toBe(12);
    const duplicate = page.locator('[data-testid="import-row"].is-duplicate');
    expect(await duplicate.count()).toBe(1);
    expect(await duplicate.textContent()).toContain('Duplicate of “Values Week!”');
    expect(await rows.nth(0).locator('td').nth(1).textContent()).toBe('Intranet wiki for every team');
    await page.screenshot({ path: docScreenshotPath('import-preview.png') });

    await page.getByRole('button', { name: 'Create 11 notes' }).click();
    await page.waitForFunction(() => window.__fourPaths?.notes().length === 12);
    await until(() => board.doc.getMap('notes').size === 12, 'the server to pass the eleven notes on', 10_000);
    const texts = await boardApi(page, (api) => api.notes().map((n) => n.text));
    expect(texts.filter((t) => t === 'Customer forum')).toHaveLength(1);
    expect(texts.some((t) => /^\d/.test(t))).toBe(false);

    // One undo takes the whole import back.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => window.__fourPaths?.notes().length === 1);
  });

  it('pasting several lines onto the board opens the preview, and a dropped CSV file lands in its paths', async () => {
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '- Pasted idea one\n- Pasted idea two');
      document.querySelector('[data-testid="board-canvas"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await page.getByTestId('import-row').nth(1).waitFor();
    expect(await page.getByLabel('Paste a list').inputValue()).toBe('- Pasted idea one\n- Pasted idea two');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Text;Path;Colour\nTool library;Technology;blue\n"Open books, for all";collective values;green\n'], 'ideas.csv', { type: 'text/csv' }));
      document.querySelector('[data-testid="board-canvas"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.getByText('From ideas.csv').waitFor();
    const paths = await page.getByTestId('import-row').evaluateAll((rows) => rows.map((r) => [r.children[1]!.textContent, r.children[2]!.textContent]));
    expect(paths).toEqual([
      ['Tool library', 'Technology'],
      ['Open books, for all', 'Collective Values'],
    ]);
    await page.getByRole('button', { name: 'Create 2 notes' }).click();
    await page.waitForFunction(() => window.__fourPaths?.notes().some((n) => n.text === 'Open books, for all'));
    const placed = await boardApi(page, (api) => api.notes().filter((n) => n.text === 'Tool library' || n.text === 'Open books, for all').map((n) => [n.text, n.color, n.x < 0, n.y > 0]));
    expect(placed.sort()).toEqual([
      ['Open books, for all', 'green', true, true],
      ['Tool library', 'blue', true, false],
    ]);
  });
});
