import { describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { readBoard } from '@shared/schema/board';
import { readParticipants, updateSession } from '@shared/schema/control';
import { connectRoom, until } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { joinAs, newPage, useBrowserSuite, waitForBoard } from '../helpers/browser';

// The client honours the server's configured MAX_TEXT (from GET /api/config), not a default of its own.

const suite = useBrowserSuite({ env: { MAX_TEXT: '100' } });

describe('a board on a server with MAX_TEXT=100', () => {
  it('lets a note hold 100 characters, counts to 100, and the server keeps it', async () => {
    const workshop = await createWorkshop(suite.server.url, 'Short notes');
    const fran = await join(suite.server.url, workshop, 'facilitator', 'Fran');
    const control = connectRoom(suite.server, controlRoom(workshop.id), fran.token);
    suite.clients.push(control);
    await control.synced;
    // Past private writing, so the note goes straight to the board.
    updateSession(control.doc, { phase: 'place' });
    const { context, page } = await newPage(suite.browser);
    suite.contexts.push(context);
    await joinAs(page, workshop.links.participant, 'Ana');

    await page.getByTestId('add-note').click();
    const editor = page.getByLabel('Note text');
    await editor.fill('x'.repeat(300));
    expect(await editor.inputValue()).toHaveLength(100);
    await page.getByText('100/100').waitFor();
    await editor.press('Enter');

    await page.waitForFunction(() => window.__fourPaths?.notes()[0]?.text.length === 100);
    // The note the client cut is one the server takes.
    const stored = () => suite.server.server.deps.docs.readDoc(boardRoom(workshop.id), (d) => readBoard(d).notes.map((n) => n.text));
    await until(async () => (await stored()).length === 1, 'the note to be stored');
    expect((await stored())[0]).toHaveLength(100);
  });
});

describe('the start and join pages', () => {
  it('take a title and a name as long as the server allows, refuse the next character, and the server takes what they sent', async () => {
    const { limits } = await (await fetch(`${suite.server.url}/api/config`)).json();
    const { context, page } = await newPage(suite.browser);
    suite.contexts.push(context);

    await page.goto(`${suite.server.url}/`);
    const title = page.getByLabel('Workshop title');
    await title.fill('t'.repeat(limits.maxTitle));
    await title.press('u');
    expect(await title.inputValue()).toBe('t'.repeat(limits.maxTitle));
    await page.getByRole('button', { name: 'Create workshop' }).click();
    await page.getByRole('heading', { name: 't'.repeat(limits.maxTitle) }).waitFor();

    const link = await page.getByTestId('link-participant').inputValue();
    await page.goto(link);
    const name = page.getByLabel('Your name, as others will see it');
    await name.fill('n'.repeat(limits.maxName));
    await name.press('m');
    expect(await name.inputValue()).toBe('n'.repeat(limits.maxName));
    await page.getByRole('button', { name: 'Join' }).click();
    await waitForBoard(page);
    const workshopId = new URL(link).pathname.split('/').pop()!;
    const stored = () => suite.server.server.deps.docs.readDoc(controlRoom(workshopId), (d) => readParticipants(d).map((p) => p.name));
    expect(await stored()).toEqual(['n'.repeat(limits.maxName)]);
  });
});
