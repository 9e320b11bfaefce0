import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { placementOf } from '@shared/matrix';
import { createNote, readBoard } from '@shared/schema/board';
import { updateSession } from '@shared/schema/control';
import { readWording } from '@shared/schema/wording';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join, type CreatedWorkshop } from '../helpers/workshop';
import { joinAs, newPage, useBrowserSuite } from '../helpers/browser';

// A facilitator renames a path. Whoever cannot see the canvas (the list view, a screen reader,
// the import preview) must meet the same name the canvas shows, not the standard one.

const suite = useBrowserSuite();
const { contexts, clients } = suite;

const LAPTOP = { width: 1440, height: 900 };

interface Room {
  workshop: CreatedWorkshop;
  /** The facilitator's board, from a Node client: writes notes as another person would. */
  board: RoomClient;
  control: RoomClient;
  authorId: string;
}

async function openRoom(): Promise<Room> {
  const workshop = await createWorkshop(suite.server.url, 'Our own words');
  const steer = await join(suite.server.url, workshop, 'facilitator', 'Steering');
  const control = connectRoom(suite.server, `${workshop.id}/control`, steer.token);
  const board = connectRoom(suite.server, `${workshop.id}/board`, steer.token);
  clients.push(control, board);
  await Promise.all([control.synced, board.synced]);
  // From "place" on notes go straight to the shared board.
  updateSession(control.doc, { phase: 'place' });
  return { workshop, board, control, authorId: steer.participantId };
}

async function open(): Promise<Page> {
  const { context, page } = await newPage(suite.browser, { viewport: LAPTOP });
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

/** Renames Technology in the facilitator panel, as a facilitator would, and waits for the server to have it. */
async function renameTechnology(page: Page, room: Room, name: string): Promise<void> {
  await page.getByText('Your own names for the paths and axes').click();
  await page.getByRole('group', { name: 'Technology' }).getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Use this wording' }).click();
  await until(() => readWording(room.control.doc)['technology.name'] === name, 'the new name in the control room');
}

async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

function announced(page: Page, text: string, timeout?: number) {
  return page.getByRole('status').filter({ hasText: text }).waitFor({ state: 'attached', timeout });
}

describe("the workshop's own wording, for those who do not see the canvas", () => {
  it('a renamed path names its list heading, each note it holds, the move menu and what is announced', async () => {
    const room = await openRoom();
    createNote(room.board.doc, { text: 'Tool library', x: -0.5, y: -0.5, authorId: room.authorId });
    const fran = await open();
    await joinAs(fran, room.workshop.links.facilitator, 'Fran');
    await renameTechnology(fran, room, 'Tools first');

    // The note's focus target on the canvas, and the keys help it points to.
    await fran.getByRole('button', { name: /^Tool library\. Tools first/ }).waitFor({ state: 'attached' });
    expect(await fran.locator('#note-keys-help').textContent()).toContain('3 Tools first');

    // The list view, with the keyboard alone.
    await tabTo(fran, fran.getByRole('button', { name: 'List', exact: true }));
    await fran.keyboard.press('Enter');
    const region = fran.getByRole('region', { name: 'Notes by path' });
    await region.waitFor();
    expect(await region.getByRole('heading', { name: 'Tools first (1)' }).count()).toBe(1);
    expect(await region.getByRole('heading', { name: 'Technology' }).count()).toBe(0);
    const tree = await region.ariaSnapshot();
    expect(tree).toContain('heading "Tools first (1)"');
    expect(tree).toMatch(/listitem "Tool library\. Tools first/);
    expect(tree).not.toContain('Technology');

    const move = region.getByRole('button', { name: 'Move to… “Tool library”' });
    await tabTo(fran, move);
    await fran.keyboard.press('Enter');
    const menu = fran.getByRole('menu', { name: 'Move to… “Tool library”' });
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Collective Values', 'Product Resonance', 'Tools first (now)', 'Social Business', 'Not placed yet']);
    await fran.keyboard.press('Enter');
    await announced(fran, 'Moved “Tool library” to Collective Values');
    await until(() => readBoard(room.board.doc).notes.some((n) => placementOf(n.x, n.y) === 'collective-values'), 'the move on the other client');

    // Back again: Enter opens the menu on its first choice, two steps down is the renamed path.
    await fran.keyboard.press('Enter');
    await fran.keyboard.press('ArrowDown');
    await fran.keyboard.press('ArrowDown');
    await fran.keyboard.press('Enter');
    await announced(fran, 'Moved “Tool library” to Tools first');
    await region.getByRole('listitem', { name: /^Tool library\. Tools first/ }).waitFor();
  });

  it('what others did is told in the renamed path', async () => {
    const room = await openRoom();
    const fran = await open();
    await joinAs(fran, room.workshop.links.facilitator, 'Fran');
    await renameTechnology(fran, room, 'Tools first');
    // The digest ignores its first three seconds (a board loading is not news): a rule of time,
    // with nothing on the page to wait for.
    await fran.waitForTimeout(3_500);
    createNote(room.board.doc, { text: 'Tool swap', x: -0.5, y: -0.5, authorId: room.authorId });
    await announced(fran, '1 new note in Tools first.', 15_000);
  });

  it('the import preview names a row by the renamed path, and a file may use that name', async () => {
    const room = await openRoom();
    const fran = await open();
    await joinAs(fran, room.workshop.links.facilitator, 'Fran');
    await renameTechnology(fran, room, 'Tools first');

    await fran.getByTestId('import-notes').click();
    await fran.getByRole('radio', { name: 'CSV' }).check();
    await fran.getByLabel('Paste a list').fill('Text,Path\nTool day,Tools first\nTool shed,Technology\n');
    const rows = fran.getByTestId('import-row');
    await rows.nth(1).waitFor();
    const cells = await rows.evaluateAll((trs) => trs.map((r) => [r.children[1]!.textContent, r.children[2]!.textContent, r.children[3]!.textContent]));
    expect(cells).toEqual([
      ['Tool day', 'Tools first', ''],
      ['Tool shed', 'Tools first', ''],
    ]);
    await fran.getByRole('button', { name: 'Create 2 notes' }).click();
    await until(() => readBoard(room.board.doc).notes.filter((n) => placementOf(n.x, n.y) === 'technology').length === 2, 'both notes in the renamed path');
  });
});
