import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, type CreatedWorkshop } from '../helpers/workshop';
import { ensureTestBuild, joinAs, launchBrowser, newPage } from '../helpers/browser';

let server: TestServer;
let browser: Browser;
let workshop: CreatedWorkshop;
const contexts: BrowserContext[] = [];

async function open(): Promise<Page> {
  const { context, page } = await newPage(browser);
  contexts.push(context);
  return page;
}

beforeAll(async () => {
  ensureTestBuild();
  server = await startTestServer();
  browser = await launchBrowser();
  workshop = await createWorkshop(server.url);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('the facilitator manages who is in the workshop', () => {
  it('removes someone from the people list after a confirmation, and their board tells them', async () => {
    const fay = await open();
    const eve = await open();
    await joinAs(fay, workshop.links.facilitator, 'Fay');
    await joinAs(eve, workshop.links.participant, 'Eve');
    const people = fay.getByTestId('facilitator-people');
    await people.getByText('Eve').waitFor();

    await fay.getByRole('button', { name: 'Remove Eve' }).click();
    await people.getByText('Remove Eve? They lose access at once.').waitFor();
    await fay.getByRole('button', { name: 'Remove', exact: true }).click();
    await people.getByText('Eve').waitFor({ state: 'detached' });

    const dialog = eve.getByRole('alertdialog');
    await dialog.getByText('Your access to this workshop was refused').waitFor();
    await dialog.getByText('The facilitator removed you from this workshop.').waitFor();
  });

  it('makes a new participant link that joins, while the old one no longer does', async () => {
    const fay = await open();
    await joinAs(fay, workshop.links.facilitator, 'Fay again');
    await fay.getByRole('button', { name: 'New participant link' }).click();
    await fay.getByText('The old participant link will stop working.').waitFor();
    await fay.getByRole('button', { name: 'New link', exact: true }).click();
    const field = fay.getByLabel('New participant link');
    await field.waitFor();
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/w/${workshop.id}#key=`));
    expect(link).not.toBe(workshop.links.participant);

    const newcomer = await open();
    await joinAs(newcomer, link, 'Gil');
    await fay.getByTestId('facilitator-people').getByText('Gil').waitFor();

    const late = await open();
    await late.goto(workshop.links.participant);
    await late.getByLabel('Your name, as others will see it').fill('Hal');
    await late.getByRole('button', { name: 'Join' }).click();
    await late.getByText('This link is not valid.', { exact: false }).waitFor();
  });
});
