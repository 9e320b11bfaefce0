import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { updateSession } from '@shared/schema/control';
import { connectRoom } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { boardApi, joinAs, newPage, useBrowserSuite } from '../helpers/browser';

// An automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) of each screen a
// participant meets. It cannot prove a page usable; it does catch missing names, roles and contrast.

const suite = useBrowserSuite();
const { contexts, clients } = suite;

async function open(): Promise<Page> {
  const { context, page } = await newPage(suite.browser);
  contexts.push(context);
  return page;
}

/** Serious and critical violations only, each as "rule: first offending element". */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

async function boardWithNotes(): Promise<{ page: Page }> {
  const workshop = await createWorkshop(suite.server.url, 'Audit workshop');
  const fran = await join(suite.server.url, workshop, 'facilitator', 'Fran');
  const control = connectRoom(suite.server, `${workshop.id}/control`, fran.token);
  clients.push(control);
  await control.synced;
  updateSession(control.doc, { phase: 'place' });
  const page = await open();
  await joinAs(page, workshop.links.participant, 'Ana');
  for (const [text, x, y] of [['Open salary bands', -0.5, 0.5], ['Customer forum', 0.5, -0.5], ['Hack days', 1.5, 0.8]] as const) {
    await boardApi(page, (api, n) => api.createNote(n.text, n.x, n.y), { text, x, y });
  }
  return { page };
}

describe('the accessibility audit finds nothing serious', () => {
  it('on the landing page', async () => {
    const page = await open();
    await page.goto(suite.server.url);
    await page.getByRole('button', { name: 'Create workshop' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on the join page', async () => {
    const workshop = await createWorkshop(suite.server.url, 'Audit workshop');
    const page = await open();
    await page.goto(workshop.links.participant);
    await page.getByLabel('Your name, as others will see it').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on the board', async () => {
    const { page } = await boardWithNotes();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on the list view, with a move menu open', async () => {
    const { page } = await boardWithNotes();
    await page.getByRole('button', { name: 'List', exact: true }).click();
    const region = page.getByRole('region', { name: 'Notes by path' });
    await region.getByRole('listitem').nth(2).waitFor();
    await region.getByRole('button', { name: 'Move to… “Hack days”' }).click();
    await page.getByRole('menu').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on the invite dialog, with its links, QR codes and join code', async () => {
    const workshop = await createWorkshop(suite.server.url, 'Audit workshop');
    const page = await open();
    await joinAs(page, workshop.links.facilitator, 'Fran');
    await page.getByRole('button', { name: 'Invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite people' });
    await expect.poll(() => dialog.getByRole('img', { name: /^QR code of the \w+ link$/ }).count()).toBe(3);
    await dialog.getByTestId('join-code').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('in Present mode', async () => {
    const workshop = await createWorkshop(suite.server.url, 'Audit workshop');
    const fran = await join(suite.server.url, workshop, 'facilitator', 'Fran');
    const control = connectRoom(suite.server, `${workshop.id}/control`, fran.token);
    clients.push(control);
    await control.synced;
    updateSession(control.doc, { phase: 'place' });
    const page = await open();
    await joinAs(page, workshop.links.viewer, 'Projector');
    const writer = await open();
    await joinAs(writer, workshop.links.participant, 'Ana');
    for (const [text, x, y] of [['Open salary bands', -0.5, 0.5], ['Customer forum', 0.5, -0.5], ['Hack days', 1.5, 0.8]] as const) {
      await boardApi(writer, (api, n) => api.createNote(n.text, n.x, n.y), { text, x, y });
    }
    await page.waitForFunction(() => (window.__fourPaths?.notes().length ?? 0) === 3);
    await page.getByRole('button', { name: 'Present' }).click();
    await page.getByRole('region', { name: 'Present mode' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('on the summary panel', async () => {
    const { page } = await boardWithNotes();
    await page.getByRole('button', { name: 'Summary', exact: true }).click();
    await page.getByRole('complementary', { name: 'Summary' }).getByRole('heading', { name: 'Download' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
