import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { placementOf } from '@shared/matrix';
import { createNote, moveNote, readBoard, type Note } from '@shared/schema/board';
import { readVotes, updateSession } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join, type CreatedWorkshop } from '../helpers/workshop';
import { boardApi, docScreenshotPath, newPage, PHONE, waitForBoard, useBrowserSuite } from '../helpers/browser';

// A participant who uses only the keyboard (and a screen reader's view of the page: roles and
// names). What they do is checked from a second client's copy of the board: a Node client
// connected as a viewer, and the facilitator's copy of the control room.

const suite = useBrowserSuite();
const { contexts, clients } = suite;

interface Room {
  workshop: CreatedWorkshop;
  /** The board as a second client (a viewer) holds it. */
  board: RoomClient;
  /** The facilitator's copy of the control room: steers the phase, sees vote totals. */
  control: RoomClient;
  setPhase(phase: Phase): void;
}

async function openRoom(): Promise<Room> {
  const workshop = await createWorkshop(suite.server.url, 'Keyboard workshop');
  const fran = await join(suite.server.url, workshop, 'facilitator', 'Fran');
  const observer = await join(suite.server.url, workshop, 'viewer', 'Observer');
  const control = connectRoom(suite.server, `${workshop.id}/control`, fran.token);
  const board = connectRoom(suite.server, `${workshop.id}/board`, observer.token);
  clients.push(control, board);
  await Promise.all([control.synced, board.synced]);
  const setPhase = (phase: Phase) => updateSession(control.doc, { phase, voting: { perParticipant: 3, severalPerNote: false, totalsVisible: true } });
  // Notes go straight to the shared board from "place" on (during "collect" they are private drafts).
  setPhase('place');
  return { workshop, board, control, setPhase };
}

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await newPage(suite.browser, { viewport });
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

/** Joins with the keyboard: type the name, press Enter. */
async function joinWithKeyboard(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name, as others will see it').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await waitForBoard(page);
}

/** Presses Tab (or Shift+Tab) until the control has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

function boardNote(room: Room, text: string): Note | undefined {
  return readBoard(room.board.doc).notes.find((n) => n.text === text);
}

function announced(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: text }).waitFor();
}

/** "+ Note" by keyboard: Enter on the button opens the editor, Enter in it saves. */
async function writeNote(page: Page, text: string): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: 'Note', exact: true }));
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Note text' }).waitFor();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('a keyboard-only participant', () => {
  it('writes a note, moves it into Product Resonance with 2 on the canvas and votes for it with V; another client sees each step', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');

    await writeNote(ana, 'Open salary bands');
    await until(() => boardNote(room, 'Open salary bands') !== undefined, 'the note on the second client');
    const note = boardNote(room, 'Open salary bands')!;
    expect(placementOf(note.x, note.y)).toBe('unplaced');
    // After saving, focus is back on the note itself, named by its text and its path.
    const focusTarget = ana.getByRole('button', { name: /^Open salary bands\. Not placed yet/ });
    await ana.waitForFunction(() => document.activeElement?.hasAttribute('data-note-focus') === true);
    expect(await isFocused(focusTarget)).toBe(true);

    await ana.keyboard.press('2');
    await until(() => {
      const n = boardNote(room, 'Open salary bands')!;
      return placementOf(n.x, n.y) === 'product-resonance';
    }, 'the note in Product Resonance');
    expect(boardNote(room, 'Open salary bands')!.moves).toEqual([expect.objectContaining({ from: 'unplaced', to: 'product-resonance' })]);
    await announced(ana, 'Moved “Open salary bands” to Product Resonance');

    room.setPhase('vote');
    await announced(ana, 'Phase: Vote');
    await ana.getByRole('button', { name: /^Open salary bands\. Product Resonance\. no votes, none of your votes/ }).waitFor({ state: 'attached' });
    await ana.keyboard.press('v');
    await announced(ana, 'Vote given. 2 votes left.');
    // Focus is not lost by voting. The room's total waits for a second voter (votes stay anonymous).
    expect(await isFocused(ana.getByRole('button', { name: /^Open salary bands\. Product Resonance\. no votes, 1 of your votes/ }))).toBe(true);
    // Closing the vote publishes every total.
    room.setPhase('discuss');
    await until(() => readVotes(room.control.doc).get(note.id) === 1, 'one vote on the facilitator’s copy');
  });

  it('moves a note into Product Resonance from the list view and votes for it there, focus staying on the control used', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');
    await writeNote(ana, 'Customer forum');
    await until(() => boardNote(room, 'Customer forum') !== undefined, 'the note on the second client');

    const list = ana.getByRole('button', { name: 'List', exact: true });
    await tabTo(ana, list, true);
    expect(await list.getAttribute('aria-pressed')).toBe('false');
    await ana.keyboard.press('Enter');
    expect(await list.getAttribute('aria-pressed')).toBe('true');
    const region = ana.getByRole('region', { name: 'Notes by path' });
    for (const heading of ['Collective Values', 'Product Resonance', 'Technology', 'Social Business', 'Not placed yet']) {
      expect(await region.getByRole('heading', { name: heading }).count()).toBe(1);
    }
    expect(await region.getByRole('listitem', { name: /^Customer forum\. Not placed yet\. no votes$/ }).count()).toBe(1);

    const move = region.getByRole('button', { name: 'Move to… “Customer forum”' });
    await tabTo(ana, move);
    await ana.keyboard.press('Enter');
    const menu = ana.getByRole('menu', { name: 'Move to… “Customer forum”' });
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Collective Values', 'Product Resonance', 'Technology', 'Social Business', 'Not placed yet (now)']);
    expect(await isFocused(menu.getByRole('menuitem', { name: 'Collective Values' }))).toBe(true);
    await ana.keyboard.press('ArrowDown');
    await ana.keyboard.press('Enter');

    await until(() => {
      const n = boardNote(room, 'Customer forum')!;
      return placementOf(n.x, n.y) === 'product-resonance';
    }, 'the note in Product Resonance');
    expect(boardNote(room, 'Customer forum')!.moves).toEqual([expect.objectContaining({ from: 'unplaced', to: 'product-resonance' })]);
    await announced(ana, 'Moved “Customer forum” to Product Resonance');
    await region.getByRole('listitem', { name: /^Customer forum\. Product Resonance/ }).waitFor();
    expect(await isFocused(region.getByRole('button', { name: 'Move to… “Customer forum”' }))).toBe(true);

    room.setPhase('vote');
    const vote = region.getByRole('button', { name: 'Vote for “Customer forum”' });
    await vote.waitFor();
    await tabTo(ana, vote);
    await ana.keyboard.press('Enter');
    const id = boardNote(room, 'Customer forum')!.id;
    await announced(ana, 'Vote given. 2 votes left.');
    expect(await isFocused(vote)).toBe(true);
    // The room's total waits for a second voter (votes stay anonymous); closing the vote publishes it.
    await region.getByRole('listitem', { name: /^Customer forum\. Product Resonance\. no votes, 1 of your votes$/ }).waitFor();
    room.setPhase('discuss');
    await until(() => readVotes(room.control.doc).get(id) === 1, 'one vote on the facilitator’s copy');
  });

  it('Enter on “+ Note” with a note focused starts a new note and leaves the old one alone', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');
    await writeNote(ana, 'Wiki for every team');
    await ana.waitForFunction(() => document.activeElement?.hasAttribute('data-note-focus') === true);

    await writeNote(ana, 'Town halls');
    await until(() => boardNote(room, 'Town halls') !== undefined, 'the second note');
    expect(boardNote(room, 'Wiki for every team')?.text).toBe('Wiki for every team');
    expect(readBoard(room.board.doc).notes).toHaveLength(2);
  });

  it('steps through notes in reading order with Tab and Shift+Tab, nudges with the arrows and sends a note back with 0', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');
    for (const [text, x, y] of [['Sales portal', 0.5, -0.5], ['Values charter', -0.5, 0.5], ['Mission lived inside', 0.5, 0.5]] as const) {
      await boardApi(ana, (api, n) => api.createNote(n.text, n.x, n.y), { text, x, y });
    }
    await until(() => readBoard(room.board.doc).notes.length === 3, 'three notes');
    const first = ana.getByRole('button', { name: /^Values charter\. Collective Values/ });
    await first.waitFor({ state: 'attached' });
    await tabTo(ana, first);
    await ana.keyboard.press('Tab');
    expect(await isFocused(ana.getByRole('button', { name: /^Mission lived inside\. Product Resonance/ }))).toBe(true);
    await ana.keyboard.press('Tab');
    expect(await isFocused(ana.getByRole('button', { name: /^Sales portal\. Social Business/ }))).toBe(true);
    await ana.keyboard.press('Shift+Tab');
    expect(await isFocused(ana.getByRole('button', { name: /^Mission lived inside\./ }))).toBe(true);

    await ana.keyboard.press('ArrowRight');
    await ana.keyboard.press('Shift+ArrowUp');
    await until(() => {
      const n = boardNote(room, 'Mission lived inside')!;
      return Math.abs(n.x - 0.52) < 1e-9 && Math.abs(n.y - 0.6) < 1e-9;
    }, 'the nudged note');

    await ana.keyboard.press('0');
    await until(() => {
      const n = boardNote(room, 'Mission lived inside')!;
      return placementOf(n.x, n.y) === 'unplaced';
    }, 'the note back in the parking area');
    await announced(ana, 'Moved “Mission lived inside” to Not placed yet');

    // Escape leaves the notes: focus goes to the canvas, where Tab continues with the page.
    await ana.keyboard.press('Escape');
    expect(await isFocused(ana.getByRole('region', { name: 'Board canvas' }))).toBe(true);
  });

  it('single-key shortcuts do nothing while focus is on a button', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');
    const id = await boardApi(ana, (api) => api.createNote('Hack day', 1.5, 0.8));
    const target = ana.getByRole('button', { name: /^Hack day\./ });
    await target.waitFor({ state: 'attached' });
    await tabTo(ana, target);
    await ana.getByRole('button', { name: 'List', exact: true }).focus();
    for (const key of ['2', 'n', 'Delete', 'ArrowLeft']) await ana.keyboard.press(key);
    // A sync round trip with the server: anything the keys had changed would have arrived by now.
    await boardApi(ana, (api) => api.createNote('Marker', 1.9, 0.8));
    await until(() => boardNote(room, 'Marker') !== undefined, 'the marker note');
    expect(readBoard(room.board.doc).notes.find((n) => n.id === id)).toMatchObject({ x: 1.5, y: 0.8 });
    expect(await ana.getByRole('textbox', { name: 'Note text' }).count()).toBe(0);
  });

  it('a viewer reads the list but gets no controls, and keys on a note change nothing', async () => {
    const room = await openRoom();
    const ben = await join(suite.server.url, room.workshop, 'participant', 'Ben');
    const writer = connectRoom(suite.server, `${room.workshop.id}/board`, ben.token);
    clients.push(writer);
    await writer.synced;
    const viewer = await open();
    await joinWithKeyboard(viewer, room.workshop.links.viewer, 'Projector');
    const id = createNote(writer.doc, { x: 1.5, y: 0.8, color: 'yellow', text: 'Buddy system', authorId: ben.participantId });
    const region = viewer.getByRole('region', { name: 'Notes by path' });
    await viewer.getByRole('button', { name: 'List', exact: true }).click();
    await region.getByRole('listitem', { name: /^Buddy system\. Not placed yet/ }).waitFor();
    expect(await region.getByRole('button', { name: /Move|Edit|Delete|Vote/ }).count()).toBe(0);
    // In sync with the board: another participant's move shows in the list at once.
    moveNote(writer.doc, id, 0.5, 0.5, ben.participantId);
    await region.getByRole('listitem', { name: /^Buddy system\. Product Resonance/ }).waitFor();
    moveNote(writer.doc, id, 1.5, 0.8, ben.participantId);
    await region.getByRole('listitem', { name: /^Buddy system\. Not placed yet/ }).waitFor();

    const target = viewer.locator('[data-note-focus]').and(viewer.getByRole('button', { name: /^Buddy system\. Not placed yet/ }));
    await tabTo(viewer, target);
    await viewer.keyboard.press('2');
    await announced(viewer, 'You cannot move notes on this board now.');
    expect(readBoard(room.board.doc).notes.find((n) => n.id === id)).toMatchObject({ x: 1.5, y: 0.8 });
    expect(await target.count()).toBe(1);
  });
});

describe('a screen-reader user hears the session', () => {
  it('the timer at one minute and at zero, and a digest of notes others added', async () => {
    const room = await openRoom();
    const ana = await open();
    await joinWithKeyboard(ana, room.workshop.links.participant, 'Ana');

    updateSession(room.control.doc, { timer: { durationMs: 61_500, startedAt: Date.now(), pausedRemainingMs: null } });
    await announced(ana, 'One minute left.');
    updateSession(room.control.doc, { timer: { durationMs: 1_000, startedAt: Date.now(), pausedRemainingMs: null } });
    await announced(ana, 'Time is up.');

    const ben = await join(suite.server.url, room.workshop, 'participant', 'Ben');
    const writer = connectRoom(suite.server, `${room.workshop.id}/board`, ben.token);
    clients.push(writer);
    await writer.synced;
    for (const text of ['Mission lived inside', 'Fair trade suppliers', 'Open books']) {
      createNote(writer.doc, { x: 0.5, y: 0.5, color: 'yellow', text, authorId: ben.participantId });
    }
    await announced(ana, '3 new notes in Product Resonance.');
  });
});

describe('the list view on screen', () => {
  it('looks right at laptop and phone sizes: screenshots for the docs', async () => {
    const room = await openRoom();
    for (const [name, size] of [['laptop', { width: 1440, height: 900 }], ['phone', PHONE]] as const) {
      const page = await open(size);
      await joinWithKeyboard(page, room.workshop.links.participant, name === 'laptop' ? 'Ana' : 'Ben');
      if (name === 'laptop') {
        for (const [text, x, y] of [
          ['Open salary bands', -0.6, 0.6],
          ['Staff choose their own tools', -0.3, 0.3],
          ['Customer forum answered by staff', 0.5, -0.5],
          ['Our mission, lived inside', 0.5, 0.6],
          ['Intranet wiki for every team', -0.5, -0.5],
          ['Hack days', 1.5, 0.8],
        ] as const) {
          await boardApi(page, (api, n) => api.createNote(n.text, n.x, n.y), { text, x, y });
        }
      }
      await until(() => readBoard(room.board.doc).notes.length === 6, 'six notes');
      if (name === 'laptop') {
        await tabTo(page, page.getByRole('button', { name: /^Open salary bands\. Collective Values/ }));
        await page.keyboard.press('Tab');
        await page.screenshot({ path: docScreenshotPath('keyboard-focus.png') });
      }
      // A phone held upright opens on the list already.
      if (name === 'laptop') await page.getByRole('button', { name: 'List', exact: true }).click();
      await page.getByRole('region', { name: 'Notes by path' }).getByRole('listitem').nth(5).waitFor();
      await page.screenshot({ path: docScreenshotPath(`list-view-${name}.png`) });
    }
  });
});
