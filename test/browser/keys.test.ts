import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateSession } from '@shared/schema/control';
import { connectRoom } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { joinAs, newPage, useBrowserSuite } from '../helpers/browser';

// The keys the board's keymap leaves to others. Escape closes an open dialog, wherever focus is.

const suite = useBrowserSuite();
const { contexts, clients } = suite;

async function openBoard(): Promise<Page> {
  const workshop = await createWorkshop(suite.server.url, 'Space bar');
  const steer = await join(suite.server.url, workshop, 'facilitator', 'Steering');
  const control = connectRoom(suite.server, `${workshop.id}/control`, steer.token);
  clients.push(control);
  await control.synced;
  updateSession(control.doc, { phase: 'place' });
  const { context, page } = await newPage(suite.browser);
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await joinAs(page, workshop.links.participant, 'Ana');
  return page;
}

describe('Escape on the board page', () => {
  it('closes the import dialog even after a click on its backdrop took focus out of it', async () => {
    const page = await openBoard();
    await page.getByTestId('import-notes').click();
    const dialog = page.getByRole('dialog', { name: 'Import notes' });
    await dialog.waitFor();
    await page.mouse.click(8, 450);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
