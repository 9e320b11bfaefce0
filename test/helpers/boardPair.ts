import { boardRoom } from '@shared/rooms';
import { connectRoom, type RoomClient } from './clients';
import type { TestServer } from './server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from './workshop';

/** A fresh workshop with two participants, Ana and Ben, both synced on its board: the start of most sync tests. */
export async function boardPair(server: TestServer): Promise<{ w: CreatedWorkshop; ana: Joined; ben: Joined; a: RoomClient; b: RoomClient }> {
  const w = await createWorkshop(server.url);
  const ana = await join(server.url, w, 'participant', 'Ana');
  const ben = await join(server.url, w, 'participant', 'Ben');
  const a = connectRoom(server, boardRoom(w.id), ana.token);
  const b = connectRoom(server, boardRoom(w.id), ben.token);
  await Promise.all([a.synced, b.synced]);
  return { w, ana, ben, a, b };
}
