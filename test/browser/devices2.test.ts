import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { placementOf } from '@shared/matrix';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { readSession, updateSession } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { boardApi, docScreenshotPath, joinAs, newPage, PHONE, useBrowserSuite } from '../helpers/browser';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';

// Phones open on the list; authors on focus and the "anonymous notes" switch; a facilitator's
// deletion undone; namesakes in the presence list; vote buttons that keep focus; fence notes in the summary.

const LAPTOP = { width: 1440, height: 900 };

const suite = useBrowserSuite();
const { contexts, clients } = suite;

async function open(viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const { context, page } = await newPage(suite.browser, { viewport, touch });
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

/** A fresh workshop in the given phase, with a facilitator's board and control-room clients in Node. */
async function workshopIn(phase: Phase): Promise<{ w: CreatedWorkshop; steer: Joined; board: RoomClient; control: RoomClient }> {
  const w = await createWorkshop(suite.server.url, 'Devices check');
  const steer = await join(suite.server.url, w, 'facilitator', 'Steering');
  const control = connectRoom(suite.server, controlRoom(w.id), steer.token);
  const board = connectRoom(suite.server, boardRoom(w.id), steer.token);
  clients.push(control, board);
  await Promise.all([control.synced, board.synced]);
  updateSession(control.doc, { phase });
  return { w, steer, board, control };
}

const placementIn = (board: RoomClient, text: string) => {
  const n = readBoard(board.doc).notes.find((x) => x.text === text);
  return n ? placementOf(n.x, n.y) : null;
};


describe('phones', () => {
  it('a phone opens on the list below the phase banner, taps a note into a path, and reaches the canvas in one tap', async () => {
    const { w, board } = await workshopIn('place');
    const phone = await open(PHONE, true);
    await joinAs(phone, w.links.participant, 'Pia');
    const list = phone.getByRole('region', { name: 'Notes by path' });
    await list.waitFor();
    expect(await phone.getByRole('button', { name: 'List', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // The list starts below the banner however tall it is, so the banner covers none of it.
    const banner = (await phone.getByRole('region', { name: 'Workshop phase' }).boundingBox())!;
    expect((await list.boundingBox())!.y).toBeGreaterThanOrEqual(banner.y + banner.height);

    await phone.getByTestId('add-note').tap();
    await phone.getByLabel('Note text').fill('Mentoring circles');
    await phone.getByLabel('Note text').press('Enter');
    await list.getByRole('listitem', { name: /^Mentoring circles\. Not placed yet/ }).waitFor();
    await list.getByRole('button', { name: 'Move to… “Mentoring circles”' }).tap();
    await phone.getByRole('menuitem', { name: 'Product Resonance' }).tap();
    await expect.poll(() => placementIn(board, 'Mentoring circles')).toBe('product-resonance');
    await list.getByRole('listitem', { name: /^Mentoring circles\. Product Resonance/ }).waitFor();
    await phone.screenshot({ path: docScreenshotPath('phone-list.png') });

    await list.getByRole('button', { name: 'Close list' }).tap();
    await list.waitFor({ state: 'detached' });
    expect(await phone.getByTestId('board-canvas').isVisible()).toBe(true);
    await phone.getByRole('button', { name: 'List', exact: true }).tap();
    await list.waitFor();
  });

  it('a phone’s top bar leaves the workshop title readable for every role, and History keeps its name', async () => {
    const { w } = await workshopIn('place');
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const phone = await open(PHONE, true);
      await joinAs(phone, w.links[role], `Phone ${role}`);
      const title = (await phone.getByRole('heading', { name: 'Devices check', level: 1 }).boundingBox())!;
      expect(title.width, role).toBeGreaterThanOrEqual(60);
      // Nothing in the bar runs past the screen's edge.
      const right = await phone.locator('.topbar').evaluate((bar) => Math.max(...[...bar.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right)));
      expect(right, role).toBeLessThanOrEqual(PHONE.width);
      if (role === 'facilitator') expect(await phone.getByRole('button', { name: 'History' }).isVisible()).toBe(true);
      if (role === 'viewer') expect(await phone.getByTitle('View only').isVisible()).toBe(true);
    }
  });

  it('a phone on its side and a laptop open on the canvas', async () => {
    const { w } = await workshopIn('place');
    for (const size of [{ width: 844, height: 390 }, LAPTOP]) {
      const page = await open(size, size.width < 900);
      await joinAs(page, w.links.participant, 'Lou');
      expect(await page.getByRole('button', { name: 'List', exact: true }).getAttribute('aria-pressed')).toBe('false');
      expect(await page.getByRole('region', { name: 'Notes by path' }).count()).toBe(0);
    }
  });

  it('at a phone’s default zoom, typical notes are drawn with text of at least 12 px', async () => {
    const { w, board, steer } = await workshopIn('place');
    const texts = [
      'Open salary bands',
      'Customer forum answered by staff',
      'Intranet wiki for every team',
      'Staff choose their own tools',
      'Live our sustainability promise inside',
      'Peer recognition in Teams',
    ];
    texts.forEach((text, i) => createNote(board.doc, { text, x: i % 2 ? 0.5 : -0.5, y: 0.7 - i * 0.25, authorId: steer.participantId }));
    const phone = await open(PHONE, true);
    await joinAs(phone, w.links.participant, 'Pia');
    await phone.waitForFunction((n) => (window.__fourPaths?.notes().length ?? 0) === n, texts.length);
    const sizes = await boardApi(phone, (api) => api.notes().map((n) => ({ text: n.text, px: api.noteTextPx(n.id) })));
    for (const { text, px } of sizes) expect(px, text).toBeGreaterThanOrEqual(12);
    await phone.getByRole('button', { name: 'Close list' }).tap();
    await phone.screenshot({ path: docScreenshotPath('phone-canvas.png') });
  });
});

describe('authors', () => {
  it('a focused or hovered note names its author on the canvas, in its description and in the list, until the facilitator makes notes anonymous', async () => {
    const { w } = await workshopIn('place');
    const ana = await open(LAPTOP);
    await joinAs(ana, w.links.participant, 'Ana');
    await boardApi(ana, (api) => api.createNote('Open salary bands', -0.5, 0.5));
    const fay = await open(LAPTOP);
    await joinAs(fay, w.links.facilitator, 'Fay');
    const target = fay.getByRole('button', { name: /^Open salary bands\. Collective Values/ });
    await target.focus();
    await expect.poll(() => target.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent)).toBe('by Ana.');
    await expect.poll(() => fay.getByTestId('author-tag').textContent()).toBe('by Ana');
    await fay.screenshot({ path: docScreenshotPath('author-focus.png') });
    // With nothing selected, the mouse over a note shows its author too, and leaving it hides it.
    await fay.keyboard.press('Escape');
    await expect.poll(() => fay.getByTestId('author-tag').count()).toBe(0);
    const at = await boardApi(fay, (api) => api.noteScreenPosition(api.notes()[0]!.id)!);
    await fay.mouse.move(at.x, at.y, { steps: 3 });
    await expect.poll(() => fay.getByTestId('author-tag').textContent()).toBe('by Ana');
    await fay.mouse.move(at.x + 150, at.y + 150, { steps: 3 });
    await expect.poll(() => fay.getByTestId('author-tag').count()).toBe(0);

    await fay.getByRole('button', { name: 'List', exact: true }).click();
    const item = fay.getByRole('region', { name: 'Notes by path' }).getByRole('listitem', { name: /^Open salary bands/ });
    await expect.poll(() => item.getAttribute('aria-describedby').then((id) => (id ? fay.locator(`[id="${id}"]`).textContent() : null))).toBe('by Ana');

    const anonymous = fay.getByRole('checkbox', { name: /Anonymous notes/ });
    await anonymous.click();
    await expect.poll(() => anonymous.isChecked()).toBe(true);
    await expect.poll(() => item.getAttribute('aria-describedby')).toBeNull();
    expect(await fay.getByText('by Ana').count()).toBe(0);
    await target.focus();
    expect(await fay.getByTestId('author-tag').count()).toBe(0);
    expect(await target.getAttribute('aria-describedby')).toBe('note-keys-help');
    // Ana's own screen follows the switch too.
    await ana.getByRole('button', { name: /^Open salary bands\. Collective Values/ }).focus();
    expect(await ana.getByTestId('author-tag').count()).toBe(0);
  });

  it('two people named Ana are told apart in the presence list', async () => {
    const { w } = await workshopIn('place');
    const first = await open({ width: 900, height: 700 });
    await joinAs(first, w.links.participant, 'Ana');
    const second = await open({ width: 900, height: 700 });
    await joinAs(second, w.links.participant, 'Ana');
    const fay = await open(LAPTOP);
    await joinAs(fay, w.links.facilitator, 'Fay');
    await expect.poll(() => fay.getByTestId('presence').textContent()).toContain('3 here');
    await fay.getByTestId('presence').click();
    const names = fay.getByRole('list', { name: 'People here' }).locator('.presence__name');
    await expect.poll(async () => (await names.allTextContents()).sort()).toEqual(['Ana', 'Ana (2)', 'Fay (you)']);
  });
});

describe('facilitation details', () => {
  it('a facilitator who deletes someone else’s note is told how to undo it, and Ctrl+Z brings it back for everyone', async () => {
    const { w, board } = await workshopIn('place');
    const ana = await open(LAPTOP);
    await joinAs(ana, w.links.participant, 'Ana');
    await boardApi(ana, (api) => api.createNote('Customer forum', 0.5, -0.5));
    const fay = await open(LAPTOP);
    await joinAs(fay, w.links.facilitator, 'Fay');
    let asked = '';
    fay.on('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await fay.getByRole('button', { name: /^Customer forum\./ }).focus();
    await fay.keyboard.press('Delete');
    await expect.poll(() => placementIn(board, 'Customer forum')).toBeNull();
    expect(asked).toContain('Undo with Ctrl+Z');
    await fay.getByTestId('board-canvas').focus();
    await fay.keyboard.press('Control+z');
    await expect.poll(() => placementIn(board, 'Customer forum')).toBe('social-business');
    await ana.waitForFunction(() => window.__fourPaths?.notes().some((n) => n.text === 'Customer forum'));
  });

  it('the vote “+” on the canvas keeps keyboard focus after the last vote', async () => {
    const { w, control } = await workshopIn('place');
    updateSession(control.doc, { voting: { perParticipant: 1, severalPerNote: false, totalsVisible: false } });
    const ana = await open(LAPTOP);
    await joinAs(ana, w.links.participant, 'Ana');
    await boardApi(ana, (api) => api.createNote('Hack days', -0.5, 0.5));
    updateSession(control.doc, { phase: 'vote' });
    const plus = ana.getByRole('button', { name: 'Vote for “Hack days”' });
    await plus.focus();
    await ana.keyboard.press('Enter');
    await ana.getByRole('button', { name: 'Take back a vote from “Hack days”' }).waitFor();
    await expect.poll(() => plus.getAttribute('aria-disabled')).toBe('true');
    expect(await plus.evaluate((el) => el === document.activeElement)).toBe(true);
    // Pressing it again does nothing: no vote is left.
    await ana.keyboard.press('Enter');
    expect(await ana.locator('.vote-mine__dot').count()).toBe(1);
  });

  it('during Discuss the summary panel lists the notes on the fence', async () => {
    const { w, board, control, steer } = await workshopIn('place');
    createNote(board.doc, { text: 'Peer mentoring', x: 0.04, y: 0.5, authorId: steer.participantId });
    createNote(board.doc, { text: 'Values week', x: -0.6, y: 0.6, authorId: steer.participantId });
    const page = await open(LAPTOP);
    await joinAs(page, w.links.participant, 'Ola');
    await page.waitForFunction(() => (window.__fourPaths?.notes().length ?? 0) === 2);
    await page.getByRole('button', { name: 'Summary', exact: true }).click();
    const summary = page.getByRole('complementary', { name: 'Summary' });
    await summary.getByRole('heading', { name: 'Download' }).waitFor();
    expect(await summary.getByRole('heading', { name: 'On the fence' }).count()).toBe(0);
    updateSession(control.doc, { phase: 'discuss' });
    await until(() => readSession(control.doc).phase === 'discuss', 'discuss');
    const fence = summary.getByRole('heading', { name: 'On the fence' });
    await fence.waitFor();
    const items = summary.locator('section').filter({ has: page.getByRole('heading', { name: 'On the fence' }) }).getByRole('listitem');
    await expect.poll(() => items.allTextContents()).toEqual(['Peer mentoringCollective Values / Product Resonance']);
  });
});
