import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, notesOf, readBoard } from '@shared/schema/board';
import { addComment, deleteComment, editComment } from '@shared/schema/commentCommands';
import { updateSession } from '@shared/schema/control';
import { useSharedServer } from '../helpers/server';
import { until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join, type Joined } from '../helpers/workshop';
import * as Y from 'yjs';

const shared = useSharedServer();

/** Resolves with the server's reason for refusing a write: a permission-denied message or a close with a reason. */
function refusalOf(client: RoomClient): Promise<string> {
  return new Promise((resolve) => {
    client.provider.messageHandlers[2] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      resolve(decoding.readVarString(decoder));
    };
    void client.closed.then((c) => resolve(c.reason));
  });
}

async function setup() {
  const { server } = shared;
  const w = await createWorkshop(server.url, 'Takeaways');
  const [fran, ana, vic] = await Promise.all([join(server.url, w, 'facilitator', 'Fran'), join(server.url, w, 'participant', 'Ana'), join(server.url, w, 'viewer', 'Vic')]);
  const control = shared.connect(controlRoom(w.id), fran);
  const board = shared.connect(boardRoom(w.id), fran);
  await Promise.all([control.synced, board.synced]);
  const noteId = createNote(board.doc, { text: 'Customer forum', x: 0.5, y: -0.5, authorId: fran.participantId });
  await until(async () => (await serverNote(w.id, noteId)) !== undefined, 'the note to reach the server');
  const setSession = async (patch: Parameters<typeof updateSession>[1]) => {
    updateSession(control.doc, patch);
    const want = JSON.stringify(patch);
    await until(async () => (await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => JSON.stringify(Object.fromEntries(Object.keys(patch).map((k) => [k, d.getMap('session').get(k)]))))) === want, 'the session change');
  };
  return { w, fran, ana, vic, noteId, setSession };
}

async function serverNote(workshopId: string, noteId: string) {
  return (await shared.server.server.deps.docs.readDoc(boardRoom(workshopId), readBoard)).notes.find((n) => n.id === noteId);
}

/** A fresh board connection for one attempt, so a refused write cannot leak into the next one. */
async function asPerson(workshopId: string, who: Joined): Promise<RoomClient> {
  const client = shared.connect(boardRoom(workshopId), who);
  await client.synced;
  return client;
}

describe('takeaways on a note, through the server’s admission rules', () => {
  it('a viewer cannot add one', async () => {
    const { w, vic, noteId, setSession } = await setup();
    await setSession({ phase: 'discuss', takeawaysOpen: true });
    const client = await asPerson(w.id, vic);
    const refused = refusalOf(client);
    addComment(client.doc, noteId, { kind: 'decision', text: 'We do it', authorId: vic.participantId });
    expect(await refused).toMatch(/viewers/);
    expect((await serverNote(w.id, noteId))!.comments).toEqual([]);
  });

  it('a participant adds one only when the facilitator allows it, and only in their own name', async () => {
    const { w, ana, fran, noteId, setSession } = await setup();
    await setSession({ phase: 'discuss' });
    const closedClient = await asPerson(w.id, ana);
    const refused = refusalOf(closedClient);
    addComment(closedClient.doc, noteId, { kind: 'question', text: 'Who moderates it?', authorId: ana.participantId });
    expect(await refused).toBe('the facilitator has not opened takeaways to participants');
    expect((await serverNote(w.id, noteId))!.comments).toEqual([]);

    await setSession({ takeawaysOpen: true });
    const forged = await asPerson(w.id, ana);
    const forgedRefused = refusalOf(forged);
    addComment(forged.doc, noteId, { kind: 'decision', text: 'Fran decided', authorId: fran.participantId });
    expect(await forgedRefused).toBe('you can only add takeaways in your own name');

    const allowed = await asPerson(w.id, ana);
    addComment(allowed.doc, noteId, { kind: 'question', text: 'Who moderates it?', authorId: ana.participantId });
    await until(async () => (await serverNote(w.id, noteId))!.comments.length === 1, 'the takeaway to be admitted');
    expect((await serverNote(w.id, noteId))!.comments[0]).toMatchObject({ kind: 'question', text: 'Who moderates it?', authorId: ana.participantId, owner: null });
  });

  it('a facilitator adds an action with an owner; a participant cannot delete or edit it, only their own', async () => {
    const { w, ana, fran, noteId, setSession } = await setup();
    await setSession({ phase: 'discuss', takeawaysOpen: true });
    const facilitator = await asPerson(w.id, fran);
    const actionId = addComment(facilitator.doc, noteId, { kind: 'action', text: 'Draft the forum rules', authorId: fran.participantId, owner: 'Ana' })!;
    const anaClient = await asPerson(w.id, ana);
    await until(async () => (await serverNote(w.id, noteId))!.comments.length === 1 && anaClient.doc.getMap('notes').size === 1, 'the action to be admitted');
    await until(async () => (notesOf(anaClient.doc).get(noteId)?.get('comments') as Y.Array<unknown> | undefined)?.length === 1, 'Ana to receive it');
    expect((await serverNote(w.id, noteId))!.comments[0]).toMatchObject({ kind: 'action', owner: 'Ana', authorId: fran.participantId });

    const refused = refusalOf(anaClient);
    deleteComment(anaClient.doc, noteId, actionId);
    expect(await refused).toBe('you can only delete your own takeaways');

    const editor = await asPerson(w.id, ana);
    const editRefused = refusalOf(editor);
    editComment(editor.doc, noteId, actionId, { text: 'Nothing to do' });
    expect(await editRefused).toBe('you can only change your own takeaways');
    expect((await serverNote(w.id, noteId))!.comments).toMatchObject([{ text: 'Draft the forum rules' }]);

    const own = await asPerson(w.id, ana);
    const mine = addComment(own.doc, noteId, { kind: 'note', text: 'I like it', authorId: ana.participantId })!;
    await until(async () => (await serverNote(w.id, noteId))!.comments.length === 2, 'Ana’s own takeaway');
    editComment(own.doc, noteId, mine, { text: 'I like it a lot' });
    await until(async () => (await serverNote(w.id, noteId))!.comments[1]?.text === 'I like it a lot', 'Ana’s edit');
    deleteComment(own.doc, noteId, mine);
    await until(async () => (await serverNote(w.id, noteId))!.comments.length === 1, 'Ana’s deletion');
  });

  it('nobody writes takeaways outside Discuss, not even the facilitator', async () => {
    const { w, fran, noteId, setSession } = await setup();
    await setSession({ phase: 'vote', takeawaysOpen: true });
    const client = await asPerson(w.id, fran);
    const refused = refusalOf(client);
    addComment(client.doc, noteId, { kind: 'decision', text: 'Too early', authorId: fran.participantId });
    expect(await refused).toBe('takeaways are written during Discuss');
    expect((await serverNote(w.id, noteId))!.comments).toEqual([]);
  });

  it('refuses a takeaway of an unknown kind, with an unknown field, or longer than a note', async () => {
    const { w, fran, noteId, setSession } = await setup();
    await setSession({ phase: 'discuss' });
    const attempts: Array<[Record<string, unknown>, RegExp]> = [
      [{ kind: 'verdict' }, /kind must be one of/],
      [{ extra: 'x' }, /unknown takeaway field "extra"/],
      [{ text: 'y'.repeat(501) }, /at most 500 characters/],
    ];
    for (const [patch, reason] of attempts) {
      const client = await asPerson(w.id, fran);
      const refused = refusalOf(client);
      client.doc.transact(() => {
        const list = new Y.Array<Y.Map<unknown>>();
        const comment = new Y.Map<unknown>(Object.entries({ id: 'c1', kind: 'decision', text: 'ok', authorId: fran.participantId, createdAt: Date.now(), ...patch }));
        list.push([comment]);
        notesOf(client.doc).get(noteId)!.set('comments', list);
      });
      expect(await refused).toMatch(reason);
    }
    expect((await serverNote(w.id, noteId))!.comments).toEqual([]);
  });
});
