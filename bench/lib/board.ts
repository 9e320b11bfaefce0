import * as Y from 'yjs';
import { buildNoteMap, notesOf } from '@shared/schema/board';
import { COLOR_KEYS } from '@shared/palette';
import type { Seat } from './api';
import type { Target } from './servers';
import { openProvider, whenSynced } from './probes';
import { waitFor } from './stats';

const WORDS = ['customer', 'forum', 'values', 'pilot', 'intranet', 'open', 'budget', 'team', 'wiki', 'feedback', 'launch', 'mentoring', 'chat', 'survey'];

function noteText(i: number): string {
  const words = Array.from({ length: 4 + (i % 9) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]);
  return `#${i} ${words.join(' ')}`;
}

/**
 * Writes `count` notes to a board through a real client, in transactions of a few hundred,
 * spread over the whole matrix and the parking area, and waits until the server confirms them.
 * Returns the still-connected writer, so the room can be kept warm.
 */
export async function fillBoard(target: Target, room: string, seat: Seat, count: number) {
  const doc = new Y.Doc();
  const provider = openProvider(target, room, seat.token, doc);
  await whenSynced(provider);
  const notes = notesOf(doc);
  for (let start = 0; start < count; start += 250) {
    doc.transact(() => {
      for (let i = start; i < Math.min(count, start + 250); i++) {
        const note = buildNoteMap({
          text: noteText(i),
          x: ((i * 37) % 240) / 100 - 1.2,
          y: ((i * 53) % 220) / 100 - 1.1,
          color: COLOR_KEYS[i % COLOR_KEYS.length],
          authorId: seat.participantId,
          createdAt: Date.now() + i,
        });
        notes.set(`note-${i}`, note);
      }
    });
  }
  // A second client seeing every note means the server stored and sent them all.
  const check = openProvider(target, room, seat.token);
  const ok = await waitFor(() => notesOf(check.doc).size === count, 120_000, 100);
  check.destroy();
  check.doc.destroy();
  if (!ok) throw new Error(`the board did not reach ${count} notes`);
  return {
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
