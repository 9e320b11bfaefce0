import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHASE_GUIDANCE, type Phase } from '@shared/schema/phases';
import type { SessionTestApi } from '../../client/panels/FacilitatorSession';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, type CreatedWorkshop } from '../helpers/workshop';
import { boardApi, docScreenshotPath, ensureTestBuild, joinAs, launchBrowser, mouseDrag, newPage } from '../helpers/browser';

let server: TestServer;
let browser: Browser;
let workshop: CreatedWorkshop;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let fay: Page;
let ana: Page;
let ben: Page;
const ids: Record<string, string> = {};

/** Ben's computer clock is three minutes fast: the timer must not care. */
const BEN_CLOCK_AHEAD_MS = 3 * 60_000;

async function open(clockAheadMs = 0): Promise<Page> {
  const { context, page } = await newPage(browser);
  contexts.push(context);
  if (clockAheadMs) {
    await context.addInitScript((ahead: number) => {
      const RealDate = Date;
      class SkewedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(RealDate.now() + ahead);
          else super(...(args as [number]));
        }
        static override now() {
          return RealDate.now() + ahead;
        }
      }
      window.Date = SkewedDate as DateConstructor;
    }, clockAheadMs);
  }
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

/** Calls the session test API in the page (same technique as boardApi). */
function sessionApi<T, A = undefined>(page: Page, fn: (api: SessionTestApi, arg: A) => T, arg?: A): Promise<Awaited<T>> {
  return page.evaluate(`(${fn.toString()})(window.__fourPathsSession, ${JSON.stringify(arg ?? null)})`) as Promise<Awaited<T>>;
}

async function writeNote(page: Page, text: string): Promise<void> {
  await page.getByTestId('add-note').click();
  const editor = page.getByLabel('Note text');
  await editor.fill(text);
  await editor.press('Enter');
  await page.waitForFunction((t) => window.__fourPathsSession?.visibleNotes().some((n) => n.text === t), text);
}

async function expectGuidance(page: Page, phase: Phase): Promise<void> {
  await page.getByTestId('phase-guidance').getByText(PHASE_GUIDANCE[phase]).waitFor();
}

async function shoot(page: Page, phase: Phase): Promise<void> {
  // Let the last frame settle (the canvas redraws on the next animation frame).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: docScreenshotPath(`workshop-${phase}.png`) });
}

const moveTo = (page: Page, phase: string) => page.getByRole('button', { name: phase }).click();

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
  workshop = await createWorkshop(server.url, 'Growing social at Acme');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('a whole workshop, run from the facilitator panel', () => {
  it('collect: each person writes privately; the facilitator sees only how many notes are ready', async () => {
    fay = await open();
    ana = await open();
    ben = await open(BEN_CLOCK_AHEAD_MS);
    await joinAs(fay, workshop.links.facilitator, 'Fay');
    await joinAs(ana, workshop.links.participant, 'Ana');
    await joinAs(ben, workshop.links.participant, 'Ben');
    ids.ana = await boardApi(ana, (api) => api.participantId);
    await expectGuidance(ana, 'collect');
    expect(await sessionApi(ana, (api) => api.isPrivate())).toBe(true);

    await writeNote(ana, 'Open leadership town halls');
    await writeNote(ana, 'Intranet wiki for every team');
    await writeNote(ben, 'Customer forum answered by staff');

    await fay.getByTestId('facilitator-people').getByText('2 ready').waitFor();
    await fay.getByTestId('facilitator-people').getByText('1 ready').waitFor();
    // Nobody else has Ana's text: not Ben, not the facilitator, on the board or anywhere in the page.
    expect(await sessionApi(ben, (api) => api.visibleNotes().map((n) => n.text))).toEqual(['Customer forum answered by staff']);
    for (const other of [ben, fay]) {
      expect(await boardApi(other, (api) => api.notes().length)).toBe(0);
      expect(await other.content()).not.toContain('town halls');
    }

    await ana.getByRole('button', { name: "I'm done" }).click();
    await fay.getByTestId('facilitator-people').getByText('✓ done').waitFor();
    await fay.getByText('1 of 2 done').first().waitFor();
    await shoot(ana, 'collect');
  });

  it('place: revealing puts every note on the board in its author’s name; notes get placed while a timer runs', async () => {
    await moveTo(fay, 'Reveal notes → Place');
    await ben.waitForFunction(() => window.__fourPaths?.notes().length === 3);
    const notes = await boardApi(ben, (api) => api.notes());
    for (const n of notes) ids[n.text] = n.id;
    expect(notes.filter((n) => n.authorId === ids.ana).map((n) => n.text).sort()).toEqual(['Intranet wiki for every team', 'Open leadership town halls']);
    expect(notes.every((n) => n.x > 1)).toBe(true);
    await expectGuidance(ana, 'place');
    expect(await sessionApi(ana, (api) => api.isPrivate())).toBe(false);
    await fay.getByText('0 of 2 done').first().waitFor();

    const from = await boardApi(ana, (api, id) => api.noteScreenPosition(id)!, ids['Open leadership town halls']!);
    const to = await boardApi(ana, (api) => api.screenPosition(0.55, 0.55));
    await mouseDrag(ana, from, to);
    await ben.waitForFunction((id) => {
      const n = window.__fourPaths?.notes().find((note) => note.id === id);
      return !!n && n.x > 0 && n.x < 1 && n.y > 0 && n.y < 1;
    }, ids['Open leadership town halls']);

    await fay.getByLabel('Minutes').fill('2');
    await fay.getByRole('button', { name: 'Set', exact: true }).click();
    await fay.getByRole('button', { name: 'Start', exact: true }).click();
    await ana.getByTestId('session-timer').getByText(/^[12]:\d\d$/).waitFor();
    await ben.waitForFunction(() => (window.__fourPathsSession?.timerRemainingMs() ?? 0) > 0 && window.__fourPathsSession!.timerRemainingMs() < 120_001);
    expect(Math.abs((await sessionApi(ben, (api) => api.serverOffsetMs())) + BEN_CLOCK_AHEAD_MS)).toBeLessThan(500);
    await expectSameRemaining([fay, ana, ben]);
    await ben.reload();
    await ben.waitForFunction(() => window.__fourPathsSession?.serverOffsetMs() !== 0 && (window.__fourPathsSession?.timerRemainingMs() ?? 0) > 0);
    await expectSameRemaining([fay, ben]);
    await shoot(fay, 'place');
  });

  it('vote: each person spends a budget of dots; totals stay hidden until voting ends', async () => {
    await fay.getByLabel('Votes per person').fill('2');
    await moveTo(fay, 'Vote →');
    await expectGuidance(ana, 'vote');
    await ana.getByTestId('votes-left').getByText('2 votes left of 2').waitFor();
    await ana.getByRole('button', { name: 'Vote for “Customer forum answered by staff”' }).click();
    await ana.getByTestId('votes-left').getByText('1 vote left of 2').waitFor();
    await ana.getByRole('button', { name: 'Vote for “Intranet wiki for every team”' }).click();
    await ana.getByTestId('votes-left').getByText('0 votes left of 2').waitFor();
    expect(await ana.getByRole('button', { name: 'Vote for “Open leadership town halls”' }).isDisabled()).toBe(true);
    await ben.getByRole('button', { name: 'Vote for “Customer forum answered by staff”' }).click();
    await ben.getByTestId('votes-left').getByText('1 vote left of 2').waitFor();
    expect(await sessionApi(ben, (api) => api.myVotes())).toEqual({ remaining: 1, notes: { [ids['Customer forum answered by staff']!]: 1 } });
    expect(await sessionApi(fay, (api) => api.totals())).toEqual({});
    expect(await fay.getByTestId('vote-ranking').count()).toBe(0);
    await shoot(ana, 'vote');
  });

  it('discuss: totals and the ranking appear; the facilitator spotlights a note and brings everyone to their view', async () => {
    await moveTo(fay, 'Discuss →');
    await expectGuidance(ben, 'discuss');
    const forum = ids['Customer forum answered by staff']!;
    await ben.getByTestId(`vote-total-${forum}`).getByText('2').waitFor();
    expect(await sessionApi(ben, (api) => api.totals())).toEqual({ [forum]: 2, [ids['Intranet wiki for every team']!]: 1 });
    await expect(fay.getByTestId('vote-ranking').locator('li').first().innerText()).resolves.toMatch(/^2\s+Customer forum answered by staff$/);

    const at = await boardApi(fay, (api, id) => api.noteScreenPosition(id)!, forum);
    await fay.mouse.click(at.x, at.y);
    await fay.getByRole('button', { name: 'Spotlight note' }).click();
    await ben.getByText('Spotlight: “Customer forum answered by staff”').waitFor();
    await ben.getByTestId('spotlight').waitFor();
    await ben.getByRole('button', { name: 'Show me' }).click();

    await fay.getByRole('button', { name: 'Bring everyone to my view' }).click();
    // Single-key shortcuts work only with focus on the board (WCAG 2.1.4), not on the button just used.
    await fay.getByTestId('board-canvas').focus();
    await fay.keyboard.press('-');
    const fayZoom = await boardApi(fay, (api) => api.viewport().zoom);
    for (const p of [ana, ben]) {
      await p.getByText('Following Fay’s view').waitFor();
      // Presence shares the zoom to three decimals.
      await p.waitForFunction((z) => Math.abs(window.__fourPaths!.viewport().zoom - z) < 1e-3, fayZoom);
    }
    await ana.getByRole('button', { name: 'Step out' }).click();
    expect(await sessionApi(ana, (api) => api.following())).toBe(false);
    await shoot(ben, 'discuss');
    // A zoom key where it zooms nothing (on a button) keeps Ben following; on the canvas it is his own view again.
    await ben.getByRole('button', { name: 'Step out' }).focus();
    await ben.keyboard.press('-');
    expect(await sessionApi(ben, (api) => api.following())).toBe(true);
    await ben.getByTestId('board-canvas').focus();
    await ben.keyboard.press('+');
    await ben.waitForFunction(() => window.__fourPathsSession?.following() === false);

    await fay.getByRole('button', { name: 'Clear the spotlight' }).click();
    await ben.getByTestId('spotlight').waitFor({ state: 'detached' });
  });

  it('done: the facilitator closes the workshop, everyone is told what comes next and sees the summary', async () => {
    await fay.getByRole('button', { name: 'Let everyone look around again' }).click();
    await moveTo(fay, 'Done →');
    for (const p of [ana, ben]) await expectGuidance(p, 'done');
    expect(await ana.getByRole('button', { name: "I'm done" }).count()).toBe(0);
    // The summary opens by itself for everyone, with its downloads.
    for (const p of [fay, ana, ben]) await p.getByTestId('summary-panel').getByRole('link', { name: /PDF/ }).waitFor();
    await fay.getByTestId('vote-ranking').waitFor();
    // Clicking further down scrolled the panel; show it as a facilitator arriving at this phase sees it.
    await fay.locator('.fac-panel__body').evaluate((el) => el.scrollTo(0, 0));
    await shoot(fay, 'done');
    expect(pageErrors).toEqual([]);
  });
});

/** The timer shows the same time left everywhere, within half a second, whatever each computer's clock says. */
async function expectSameRemaining(pages: Page[]): Promise<void> {
  const readings: Array<{ remaining: number; at: number }> = [];
  for (const p of pages) {
    readings.push(await p.evaluate(() => ({ remaining: window.__fourPathsSession!.timerRemainingMs(), at: performance.timeOrigin + performance.now() })));
  }
  // Project every reading to the moment of the first one, on the real clock.
  const projected = readings.map((r) => r.remaining + (r.at - readings[0]!.at));
  expect(Math.max(...projected) - Math.min(...projected)).toBeLessThan(500);
}
