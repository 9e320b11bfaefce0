import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ColorKey } from '@shared/palette';
import { startTestServer, type TestServer } from '../helpers/server';
import { updateSession } from '@shared/schema/control';
import { connectRoom, type RoomClient } from '../helpers/clients';
import { boardApi, docScreenshotPath, ensureTestBuild, joinAs, launchBrowser, mouseDrag, newPage, PHONE, settleForScreenshot, waitForBoard } from '../helpers/browser';
import { quietFor } from '../helpers/waits';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const links = { facilitator: '', participant: '', viewer: '' };
let facilitator: Page;
let ana: Page;
let ben: Page;
let viewer: Page;
let noteId = '';
/** A facilitator's control-room client in Node, to steer the session (phase, lock) without depending on the facilitator UI. */
let control: RoomClient;

async function open(viewport?: { width: number; height: number }, touch = false): Promise<Page> {
  const { context, page } = await newPage(browser, { viewport, touch });
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

function noteIn(page: Page, id: string) {
  return boardApi(page, (api, noteId) => api.notes().find((n) => n.id === noteId) ?? null, id);
}

function noteOnScreen(page: Page, id: string) {
  return boardApi(page, (api, noteId) => api.noteScreenPosition(noteId)!, id);
}

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  control?.destroy();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('a workshop on the board', () => {
  it('a facilitator creates a workshop on the landing page, gets three links and opens the board', async () => {
    facilitator = await open();
    await facilitator.goto(server.url);
    await facilitator.getByLabel('Workshop title').fill('Leadership offsite');
    await facilitator.getByRole('button', { name: 'Create workshop' }).click();
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      links[role] = await facilitator.getByTestId(`link-${role}`).inputValue();
      expect(links[role]).toMatch(/\/w\/[A-Za-z0-9_-]+#key=.+/);
    }
    await expect(facilitator.getByText('For the projector or observers').isVisible()).resolves.toBe(true);

    await facilitator.getByTestId('open-facilitator').click();
    await facilitator.getByLabel('Your name, as others will see it').fill('Fran');
    await facilitator.getByRole('button', { name: 'Join' }).click();
    await waitForBoard(facilitator);
    expect(await boardApi(facilitator, (api) => api.role)).toBe('facilitator');
    // The secret key leaves the address bar once joined: screens get shared.
    expect(facilitator.url()).not.toContain('key=');
    expect(await facilitator.getByRole('heading', { name: 'Leadership offsite' }).isVisible()).toBe(true);

    // Notes are shared on the board from the placing phase on (during "collect" they are private drafts).
    const url = new URL(links.facilitator);
    const workshopId = url.pathname.split('/').pop()!;
    const key = new URLSearchParams(url.hash.slice(1)).get('key')!;
    const joined = await (
      await fetch(`${server.url}/api/workshops/${workshopId}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, name: 'Co-facilitator' }) })
    ).json();
    control = connectRoom(server, `${workshopId}/control`, joined.token);
    await control.synced;
    updateSession(control.doc, { phase: 'place' });
  });

  it('two participants join in their own browsers and see each other', async () => {
    ana = await open();
    ben = await open();
    await joinAs(ana, links.participant, 'Ana');
    await joinAs(ben, links.participant, 'Ben');
    expect(await boardApi(ana, (api) => api.role)).toBe('participant');
    const anaId = await boardApi(ana, (api) => api.participantId);
    expect(anaId).not.toBe(await boardApi(ben, (api) => api.participantId));
    await ben.waitForFunction(() => (window.__fourPaths?.people() ?? []).map((p) => p.name).sort().join(',') === 'Ana,Ben,Fran');
  });

  it('Ana writes a note; it waits in the parking area', async () => {
    await ana.getByTestId('add-note').click();
    const editor = ana.getByLabel('Note text');
    await editor.waitFor();
    await editor.fill('Open leadership town halls');
    await editor.press('Enter');
    await ana.waitForFunction(() => window.__fourPaths?.notes().length === 1);
    const [note] = await boardApi(ana, (api) => api.notes());
    expect(note).toMatchObject({ text: 'Open leadership town halls', moves: [] });
    expect(note!.x).toBeGreaterThan(1);
    noteId = note!.id;
    await expect(ana.getByLabel('Note text').count()).resolves.toBe(0);
  });

  it('Ana drags it with the mouse into Product Resonance; Ben sees it move live and land there', async () => {
    await ben.waitForFunction((id) => window.__fourPaths?.notes().some((n) => n.id === id), noteId);
    // Ben records where he sees the note while Ana drags it.
    await ben.evaluate((id) => {
      const seen: number[] = [];
      (window as unknown as { seenX: number[] }).seenX = seen;
      const timer = setInterval(() => {
        const n = window.__fourPaths?.notes().find((x) => x.id === id);
        if (n && seen[seen.length - 1] !== n.x) seen.push(n.x);
      }, 20);
      setTimeout(() => clearInterval(timer), 10_000);
    }, noteId);

    const from = await noteOnScreen(ana, noteId);
    const to = await boardApi(ana, (api) => api.screenPosition(0.45, 0.55));
    await mouseDrag(ana, from, to, 40);

    const mine = await noteIn(ana, noteId);
    expect(mine!.x).toBeCloseTo(0.45, 1);
    expect(mine!.y).toBeCloseTo(0.55, 1);
    expect(mine!.moves.map((m) => `${m.from}→${m.to}`)).toEqual(['unplaced→product-resonance']);

    await ben.waitForFunction(
      ([id, x, y]) => {
        const n = window.__fourPaths?.notes().find((note) => note.id === id);
        return !!n && n.x === x && n.y === y;
      },
      [noteId, mine!.x, mine!.y] as const,
    );
    const seenX = await ben.evaluate(() => (window as unknown as { seenX: number[] }).seenX);
    expect(seenX.length).toBeGreaterThanOrEqual(4);
    expect((await noteIn(ben, noteId))!.moves).toHaveLength(1);
  });

  it('a viewer sees the note in place, has no editing controls, and cannot move it', async () => {
    viewer = await open();
    await joinAs(viewer, links.viewer, 'Projector');
    expect(await boardApi(viewer, (api) => api.role)).toBe('viewer');
    const seen = await noteIn(viewer, noteId);
    expect(seen).toMatchObject({ x: (await noteIn(ana, noteId))!.x, text: 'Open leadership town halls' });

    expect(await viewer.getByTestId('add-note').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Delete note' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(await viewer.getByText('View only').isVisible()).toBe(true);

    const at = await noteOnScreen(viewer, noteId);
    const before = await noteIn(viewer, noteId);
    await mouseDrag(viewer, at, { x: at.x - 250, y: at.y + 200 });
    await viewer.mouse.dblclick(at.x - 250, at.y + 200);
    await viewer.keyboard.press('n');
    // Nothing may open or move; give the gestures time to have done so.
    await quietFor(400);
    expect(await viewer.getByLabel('Note text').count()).toBe(0);
    expect(await noteIn(viewer, noteId)).toMatchObject({ x: before!.x, y: before!.y });
    expect(await boardApi(viewer, (api) => api.notes().length)).toBe(1);
    expect(await noteIn(ana, noteId)).toMatchObject({ x: before!.x, y: before!.y });
  });

  it('a reload rejoins as the same participant without asking for a name again', async () => {
    const id = await boardApi(ana, (api) => api.participantId);
    await ana.reload();
    await waitForBoard(ana);
    expect(await boardApi(ana, (api) => api.participantId)).toBe(id);
    expect(await noteIn(ana, noteId)).not.toBeNull();
  });

  it('undo takes back only your own change', async () => {
    const benNote = await boardApi(ben, (api) => api.createNote('Customer forum answered by staff', 0.5, -0.5));
    await ana.waitForFunction((id) => window.__fourPaths?.notes().some((n) => n.id === id), benNote);
    const anaNote = await boardApi(ana, (api) => api.createNote('Intranet wiki', -0.5, -0.5));
    await ana.keyboard.press('Control+z');
    await ana.waitForFunction((id) => !window.__fourPaths?.notes().some((n) => n.id === id), anaNote);
    expect(await noteIn(ana, benNote)).not.toBeNull();
    await ana.keyboard.press('Control+Shift+z');
    await ana.waitForFunction((id) => window.__fourPaths?.notes().some((n) => n.id === id), anaNote);
  });

  it('when the facilitator locks the board, participants lose editing; a refused change can be dropped', async () => {
    const sam = await open();
    await joinAs(sam, links.participant, 'Sam');
    try {
      // Sam has written before: the server must still tell him when a later write is refused.
      const earlier = await boardApi(sam, (api) => api.createNote('Written before the lock', -0.8, 0.8));
      await ana.waitForFunction((id) => window.__fourPaths?.notes().some((n) => n.id === id), earlier);

      updateSession(control.doc, { locked: true });
      await sam.getByText('The facilitator has locked the board').waitFor();
      expect(await sam.getByTestId('add-note').count()).toBe(0);
      expect(await boardApi(sam, (api) => api.canEdit)).toBe(false);

      // A change that slips through anyway (made just before the lock arrived) is refused; Sam can drop it.
      const refused = await boardApi(sam, (api) => api.createNote('Sneaked in while locked', 0, 0));
      await sam.getByText('The server did not accept your last change').waitFor({ timeout: 5000 });
      await sam.getByRole('button', { name: 'Reload board' }).click();
      await waitForBoard(sam);
      expect(await noteIn(sam, refused)).toBeNull();
      expect(await noteIn(sam, earlier)).not.toBeNull();
      expect(await noteIn(ana, refused)).toBeNull();

      updateSession(control.doc, { locked: false });
      await sam.waitForFunction(() => window.__fourPaths?.canEdit === true);
      expect(await sam.getByTestId('add-note').count()).toBe(1);
    } finally {
      updateSession(control.doc, { locked: false });
      await sam.context().close();
      // Only its author or a facilitator may delete Sam's note.
      await boardApi(facilitator, (api) => api.notes().filter((n) => n.text === 'Written before the lock').map((n) => n.id)).then(async (ids) => {
        for (const id of ids) await boardApi(facilitator, (api, noteId) => api.deleteNote(noteId), id);
      });
    }
  });

  it('a participant on a phone adds a note by touch', async () => {
    const phone = await open(PHONE, true);
    await joinAs(phone, links.participant, 'Pat');
    await phone.getByTestId('add-note').tap();
    await phone.getByLabel('Note text').fill('Mentoring circles');
    await phone.getByLabel('Note text').press('Enter');
    await ana.waitForFunction(() => window.__fourPaths?.notes().some((n) => n.text === 'Mentoring circles'));
    await phone.screenshot({ path: 'test-results/board-phone.png' });
  });

  it('looks right: a screenshot of a board in use is saved for the README', async () => {
    const more: Array<[string, number, number, ColorKey]> = [
      ['Chatbot for HR questions', -0.62, -0.3, 'blue'],
      ['Shared values week', -0.35, 0.32, 'green'],
      ['Live our sustainability promise inside', 0.7, 0.7, 'yellow'],
      ['Social listening for product ideas', 0.72, -0.72, 'orange'],
      ['Peer recognition in Teams', -0.06, -0.6, 'pink'],
    ];
    for (const note of more) await boardApi(ben, (api, [text, x, y, color]) => api.createNote(text, x, y, color), note);
    await facilitator.waitForFunction((texts) => texts.every((t) => window.__fourPaths?.notes().some((n) => n.text === t)), more.map(([text]) => text));
    const cursorAt = await boardApi(ana, (api) => api.screenPosition(0.2, 0.2));
    await ana.mouse.move(cursorAt.x, cursorAt.y);
    // What most people see: a participant's board, with someone else's cursor on it.
    await ben.getByRole('button', { name: 'Fit board' }).click();
    await settleForScreenshot(ben);
    await ben.screenshot({ path: docScreenshotPath('board.png') });
    await facilitator.getByRole('button', { name: 'Fit board' }).click();
    await settleForScreenshot(facilitator);
    await facilitator.screenshot({ path: 'test-results/board-facilitator.png' });
  });
});

describe('working through a lost connection', () => {
  it('keeps edits made while the server is unreachable and merges them when it returns', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'four-paths-offline-'));
    let first: TestServer | null = await startTestServer({ dataDir });
    const port = new URL(first.url).port;
    let second: TestServer | null = null;
    try {
      const created = await (await fetch(`${first.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Offline"}' })).json();
      const steward = await (
        await fetch(`${first.url}/api/workshops/${created.id}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: created.keys.facilitator, name: 'Fran' }) })
      ).json();
      const steering = connectRoom(first, `${created.id}/control`, steward.token);
      await steering.synced;
      updateSession(steering.doc, { phase: 'place' });
      const a = await open();
      const b = await open();
      await joinAs(a, created.links.participant, 'Ana');
      await joinAs(b, created.links.participant, 'Ben');
      const shared = await boardApi(a, (api) => api.createNote('Before the outage', -0.5, 0.5));
      await b.waitForFunction((id) => window.__fourPaths?.notes().some((n) => n.id === id), shared);

      steering.destroy();
      await first.close({ keepData: true });
      first = null;
      await a.waitForFunction(() => window.__fourPaths?.connected === false);
      await a.getByTestId('connection').filter({ hasText: /Reconnecting|Offline/ }).waitFor();

      const fromA = await boardApi(a, (api) => api.createNote('Written by Ana offline', 0.5, 0.5));
      await boardApi(a, (api, id) => api.moveNote(id, -0.5, -0.5), shared);
      const fromB = await boardApi(b, (api) => api.createNote('Written by Ben offline', 0.5, -0.5));

      second = await startTestServer({ dataDir, env: { PORT: port } });
      for (const page of [a, b]) {
        await waitForBoard(page);
        await page.waitForFunction((ids) => ids.every((id) => window.__fourPaths?.notes().some((n) => n.id === id)), [fromA, fromB]);
      }
      expect(await noteIn(b, shared)).toMatchObject({ x: -0.5, y: -0.5 });
      expect((await noteIn(b, shared))!.moves.map((m) => m.to)).toEqual(['technology']);
    } finally {
      await first?.close();
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
