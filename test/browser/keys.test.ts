import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateSession } from '@shared/schema/control';
import { connectRoom } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { boardApi, joinAs, mouseDrag, newPage, useBrowserSuite } from '../helpers/browser';

// The keys the board's keymap leaves to others. Space has two jobs: it presses the focused
// button, and held down with the canvas focused it pans (as in drawing apps). Escape closes an
// open dialog, wherever focus is.

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

describe('Space on the board page', () => {
  it('presses the focused toolbar button, as Enter does', async () => {
    const page = await openBoard();
    const list = page.getByRole('button', { name: 'List', exact: true });
    await list.focus();
    await page.keyboard.press('Space');
    await page.getByRole('region', { name: 'Notes by path' }).waitFor();
    expect(await list.getAttribute('aria-pressed')).toBe('true');
  });

  it('held down with the canvas focused, pans from a note instead of dragging it', async () => {
    const page = await openBoard();
    const id = await boardApi(page, (api) => api.createNote('Stays put', -0.5, 0.5));
    const before = await boardApi(page, (api) => api.viewport());
    const at = (await boardApi(page, (api, noteId) => api.noteScreenPosition(noteId), id))!;
    // A click on empty canvas gives it keyboard focus.
    const empty = await boardApi(page, (api) => api.screenPosition(0.9, -0.9));
    await page.mouse.click(empty.x, empty.y);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('board-canvas');

    await page.keyboard.down('Space');
    await mouseDrag(page, at, { x: at.x + 120, y: at.y + 60 });
    await page.keyboard.up('Space');

    const after = await boardApi(page, (api) => api.viewport());
    expect(after.x - before.x).toBeCloseTo(120, 0);
    expect(after.y - before.y).toBeCloseTo(60, 0);
    expect(await boardApi(page, (api, noteId) => api.notes().find((n) => n.id === noteId), id)).toMatchObject({ x: -0.5, y: 0.5 });
  });
});

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
