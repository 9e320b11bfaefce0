import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { placementOf } from '@shared/matrix';
import { boardRoom, controlRoom } from '@shared/rooms';
import { readBoard } from '@shared/schema/board';
import { updateSession } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { setWording } from '@shared/schema/wording';
import { connectRoom, type RoomClient } from '../helpers/clients';
import { boardApi, docScreenshotPath, ensureTestBuild, joinAs, launchBrowser, newPage, PHONE, waitForBoard } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop } from '../helpers/workshop';

const LAPTOP = { width: 1440, height: 900 };
const PROJECTOR = { width: 1280, height: 720 };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const clients: RoomClient[] = [];

async function open(viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const { context, page } = await newPage(browser, { viewport, touch });
  contexts.push(context);
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

/** A fresh workshop in the given phase, steered by a facilitator's control-room client in Node. */
async function workshopIn(phase: Phase): Promise<{ w: CreatedWorkshop; board: RoomClient; control: RoomClient }> {
  const w = await createWorkshop(server.url, 'Devices check');
  const steer = await join(server.url, w, 'facilitator', 'Steering');
  const control = connectRoom(server, controlRoom(w.id), steer.token);
  const board = connectRoom(server, boardRoom(w.id), steer.token);
  clients.push(control, board);
  await Promise.all([control.synced, board.synced]);
  updateSession(control.doc, { phase });
  return { w, board, control };
}

/** A finger dragging across the screen, through the browser's own touch input. */
async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A TCP relay to the server whose "network" can go silent without closing anything, as a dropped Wi-Fi does. */
async function silenceableRelay(target: string): Promise<{ url: string; silence(): void; restore(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let silent = false;
  const relay: Server = createTcpServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.on('data', (chunk) => silent || to.write(chunk));
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    silence: () => {
      silent = true;
    },
    restore: () => {
      silent = false;
      // The network is back: connections that lost bytes meanwhile are reset, as a real one would be.
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
}

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('every device', () => {
  it('a facilitator opens the invite panel and finds three links, three QR codes and a join code', async () => {
    const { w } = await workshopIn('collect');
    const page = await open(LAPTOP);
    await joinAs(page, w.links.facilitator, 'Fay');
    await page.getByRole('button', { name: 'Invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('img', { name: /^QR code of the \w+ link$/ }).count()).toBe(3);
    const links = dialog.getByRole('link');
    expect(await links.count()).toBe(3);
    const hrefs = await links.evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.sort()).toEqual(Object.values(w.links).sort());
    const code = (await dialog.getByTestId('join-code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    await page.screenshot({ path: docScreenshotPath('invite.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Invite' }).evaluate((b) => b === document.activeElement)).toBe(true);
  });

  it('the join page asks for a name in a one-line field, and the start page for a title, on a phone and a projector', async () => {
    const { w } = await workshopIn('collect');
    for (const size of [PHONE, PROJECTOR]) {
      const page = await open(size);
      await page.goto(w.links.participant);
      const name = await page.getByLabel('Your name, as others will see it').boundingBox();
      expect(name!.height).toBeLessThan(64);
      await page.goto(server.url);
      const title = await page.getByRole('textbox').first().boundingBox();
      expect(title!.height).toBeLessThan(64);
    }
  });

  it('a participant sees neither the Invite nor the Present button', async () => {
    const { w } = await workshopIn('collect');
    const page = await open(LAPTOP);
    await joinAs(page, w.links.participant, 'Pia');
    await page.getByRole('button', { name: 'Summary' }).waitFor();
    expect(await page.getByRole('button', { name: 'Invite' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Present' }).count()).toBe(0);
  });

  it('a phone joins with the short code at /j, writes a note and drags it into a path with a finger', async () => {
    const { w, board } = await workshopIn('place');
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const invite = (await (await fetch(`${server.url}/api/workshops/${w.id}/invite`, { headers: { authorization: `Bearer ${fay.token}` } })).json()) as { code: string };

    const phone = await open(PHONE, true);
    await phone.goto(`${server.url}/j`);
    await phone.getByRole('textbox', { name: 'Code from the facilitator’s screen' }).fill(invite.code.toLowerCase().replace('-', ' '));
    await phone.getByRole('textbox', { name: 'Your name, as others will see it' }).fill('Pia');
    await phone.getByRole('button', { name: 'Join' }).tap();
    await waitForBoard(phone);
    expect(new URL(phone.url()).pathname).toBe(`/w/${w.id}`);
    // A phone opens on the list; this test drags on the canvas, one tap away.
    await phone.getByRole('button', { name: 'Close list' }).tap();

    await phone.getByTestId('add-note').tap();
    await phone.getByLabel('Note text').fill('Mentoring circles');
    await phone.getByLabel('Note text').press('Enter');
    await expect.poll(() => readBoard(board.doc).notes.find((n) => n.text === 'Mentoring circles')?.id ?? null).not.toBeNull();
    const note = readBoard(board.doc).notes.find((n) => n.text === 'Mentoring circles')!;
    expect(placementOf(note.x, note.y)).toBe('unplaced');

    // At the phone's default zoom a short note reads at 12 px or more (26 px type in a 136 px-wide note).
    expect(await boardApi(phone, (api) => api.viewport().zoom * 26)).toBeGreaterThanOrEqual(12);
    const from = await boardApi(phone, (api, id) => api.noteScreenPosition(id)!, note.id);
    // The view follows the new note to the parking area, right of the matrix; Product Resonance is next to it.
    const to = await boardApi(phone, (api) => api.screenPosition(0.6, 0.5));
    expect(to.x).toBeGreaterThan(20);
    await touchDrag(phone, from, to);
    await expect.poll(() => {
      const n = readBoard(board.doc).notes.find((x) => x.id === note.id);
      return n ? placementOf(n.x, n.y) : null;
    }).toBe('product-resonance');
    // Fit centres the matrix alone across the phone's width. (click, not tap: after the raw CDP touch
    // sequence above, headless Chromium swallows the next tap; a fresh page's taps work.)
    await phone.getByRole('button', { name: 'Fit board' }).click();
    await expect.poll(() => boardApi(phone, (api) => api.viewport().x)).toBeCloseTo(PHONE.width / 2, 0);
    expect(await phone.getByRole('button', { name: /not placed yet/ }).count()).toBe(0);

    // A note waiting in the parking area, off screen to the right: a pill says so and goes there.
    const waiting = await boardApi(phone, (api) => api.createNote('Staff forum', 1.6, 0.7));
    await phone.getByRole('button', { name: '1 note not placed yet →' }).click();
    await expect.poll(() => boardApi(phone, (api, id) => api.noteScreenPosition(id)!.x, waiting)).toBeLessThan(PHONE.width - 40);
    await phone.getByRole('button', { name: 'Fit board' }).click();
    await phone.screenshot({ path: docScreenshotPath('phone.png') });
  });

  it('a projector in Present mode shows 30 notes with text of at least 18 px, and Escape leaves', async () => {
    const { w } = await workshopIn('place');
    const page = await open(PROJECTOR);
    await joinAs(page, w.links.viewer, 'Projector');
    const writer = await open(LAPTOP);
    await joinAs(writer, w.links.participant, 'Ana');
    const texts = ['Open salary bands', 'Customer forum', 'Internal wiki', 'Values week', 'Chat for all staff', 'Public roadmap'];
    // Six notes in each path in two columns of three, as a group tends to leave them, and six not placed yet.
    const spots = [-0.73, -0.27, 0.27, 0.73].flatMap((x) => [0.8, 0.5, 0.2, -0.2, -0.5, -0.8].map((y) => ({ x, y })));
    for (let i = 0; i < 6; i++) spots.push({ x: 1.45 + (i % 2) * 0.55, y: 0.75 - Math.floor(i / 2) * 0.45 });
    const notes = spots.map((p, i) => ({ text: `${texts[i % texts.length]} ${i + 1}`, ...p }));
    await boardApi(writer, (api, list) => api.createNotes(list), notes);
    await page.waitForFunction(() => (window.__fourPaths?.notes().length ?? 0) === 30);

    await page.getByRole('button', { name: 'Present' }).click();
    const present = page.getByRole('region', { name: 'Present mode' });
    await present.waitFor();
    expect(await page.getByRole('toolbar', { name: 'Board tools' }).isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => window.__fourPathsPresent?.minTextPx() ?? 0)).toBeGreaterThanOrEqual(18);
    await page.screenshot({ path: docScreenshotPath('present.png') });
    await page.keyboard.press('Escape');
    await present.waitFor({ state: 'detached' });
    expect(await page.getByRole('toolbar', { name: 'Board tools' }).isVisible()).toBe(true);
  });

  it("a projector in Present mode names each path once, in the workshop's own words", async () => {
    const { w, control } = await workshopIn('place');
    setWording(control.doc, { 'technology.name': 'Tools first' });
    const page = await open(PROJECTOR);
    await joinAs(page, w.links.viewer, 'Projector');
    await page.getByRole('button', { name: 'Present' }).click();
    await page.getByRole('region', { name: 'Present mode' }).waitFor();
    // The canvas has no DOM text: read the words off Konva's text nodes in the present stage.
    const words = () =>
      page.evaluate(() => {
        const konva = (window as unknown as { Konva: { stages: Array<{ container(): HTMLElement; find(s: string): Array<{ text(): string }> }> } }).Konva;
        const stage = konva.stages.find((s) => s.container().closest('[data-testid="present-canvas"]'));
        return stage ? stage.find('Text').map((t) => t.text()) : [];
      });
    await expect.poll(words).toContain('Tools first');
    expect(await words()).not.toContain('Technology');
    // Each name once, on its tag: the quadrant's own label under it would double it and cover the notes' corner.
    const shown = await words();
    for (const name of ['Tools first', 'Social Business', 'Collective Values', 'Product Resonance']) expect(shown.filter((t) => t === name)).toHaveLength(1);
  });

  it('the connection badge says offline within about five seconds of the network going silent, and connected once it is back', async () => {
    const { w } = await workshopIn('place');
    const relay = await silenceableRelay(server.url);
    // The relay is another origin: an operator would list it in ALLOWED_ORIGINS.
    server.server.deps.config.allowedOrigins.push(relay.url);
    try {
      const page = await open(LAPTOP);
      await joinAs(page, w.links.participant.replace(server.url, relay.url), 'Nia');
      const badge = page.getByTestId('connection');
      expect(await badge.getAttribute('data-state')).toBe('connected');
      relay.silence();
      const silentAt = Date.now();
      await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'offline', null, { timeout: 15_000 });
      const took = Date.now() - silentAt;
      expect(took).toBeLessThan(6000);
      expect(await page.getByRole('status').filter({ hasText: 'Offline' }).count()).toBe(1);
      relay.restore();
      await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: 20_000 });
    } finally {
      await relay.close();
    }
  });

  it('during Discuss the notes on the fence are marked, and the others are not', async () => {
    const { w, board, control } = await workshopIn('place');
    const page = await open(LAPTOP);
    await joinAs(page, w.links.participant, 'Ola');
    const [fence, clear] = await boardApi(page, (api) => [api.createNote('Peer mentoring', 0.04, 0.5), api.createNote('Values week', -0.6, 0.6)]);
    await expect.poll(() => readBoard(board.doc).notes.length).toBe(2);
    expect(await page.getByTestId(`fence-${fence}`).count()).toBe(0);
    updateSession(control.doc, { phase: 'discuss' });
    await page.getByTestId(`fence-${fence}`).waitFor();
    expect(await page.getByText('On the fence', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId(`fence-${clear}`).count()).toBe(0);
  });

  it('during Vote the facilitator sees how many people have voted', async () => {
    const { w, board, control } = await workshopIn('place');
    const ana = await join(server.url, w, 'participant', 'Ana');
    await join(server.url, w, 'participant', 'Ben');
    const page = await open(LAPTOP);
    await joinAs(page, w.links.facilitator, 'Fay');
    const noteId = await boardApi(page, (api) => api.createNote('Values week', -0.5, 0.5));
    await expect.poll(() => readBoard(board.doc).notes.length).toBe(1);
    updateSession(control.doc, { phase: 'vote' });
    const count = page.getByRole('region', { name: 'Workshop phase' }).getByTestId('phase-count');
    await expect.poll(() => count.textContent()).toBe('0 of 2 have voted');
    const res = await fetch(`${server.url}/api/workshops/${w.id}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` },
      body: JSON.stringify({ noteId, delta: 1 }),
    });
    expect(res.status).toBe(200);
    // The facilitator's page asks the server every two seconds; the room is never told who voted.
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('1 of 2 have voted');
  });
});
