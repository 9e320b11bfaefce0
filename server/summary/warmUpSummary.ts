import type { Placement } from '@shared/matrix';
import type { Note } from '@shared/schema/board';
import type { Participant } from '@shared/schema/control';
import { computeSummary } from '@shared/summary/compute';
import type { Summary } from '@shared/summary/types';

// The small workshop the PDF worker renders once at start. A first render is slow (fontkit parses
// each font's layout tables on first use, every word is shaped for the first time, the code is not
// yet optimised); this one pays that before a real download does. Its notes reach every font of the
// stack (Latin, CJK, emoji, arrows) and every section of the report.

const START = Date.UTC(2025, 0, 6, 9, 0);
const at = (minute: number) => START + minute * 60_000;

const PEOPLE: Participant[] = [
  { id: 'w-ana', name: 'Ana', role: 'facilitator', joinedAt: at(0) },
  { id: 'w-ben', name: 'Ben', role: 'participant', joinedAt: at(1) },
  { id: 'w-yuki', name: 'Yuki', role: 'participant', joinedAt: at(1) },
];

const TEXTS: Array<[text: string, x: number, y: number]> = [
  ['Open strategy days where everyone can comment on the goals', -0.6, 0.6],
  ['Customer forum answered by front-line staff', 0.6, -0.4],
  ['Internal wiki that replaces the shared drive', -0.6, -0.6],
  ['Our recycling service invites the public; work that way inside too', 0.6, 0.6],
  ['東京チーム: 社内SNSで知識共有 🎉', -0.3, -0.3],
  ['Zürich: "ask me anything" → monthly ✓', 0.02, 0.5],
  ['Shared travel calendar', 1.6, 0.5],
];

function notes(): Note[] {
  return TEXTS.map(([text, x, y], i): Note => {
    const moved: Array<{ from: Placement; to: Placement }> = i === 5 ? [{ from: 'unplaced', to: 'product-resonance' }, { from: 'product-resonance', to: 'collective-values' }] : [];
    return {
      id: `w${i}`,
      text,
      x,
      y,
      color: i % 2 === 0 ? 'yellow' : 'blue',
      authorId: PEOPLE[i % PEOPLE.length]!.id,
      createdAt: at(5 + i),
      moves: moved.map((m, j) => ({ ...m, by: 'w-ben', at: at(20 + j) })),
      locked: false,
      comments: i === 0 ? [{ id: 'wc0', kind: 'action', text: 'Book the first strategy day', authorId: 'w-ana', createdAt: at(40), owner: 'Ana' }] : [],
    };
  });
}

export function warmUpSummary(): Summary {
  return computeSummary({
    workshop: { id: 'warm-up', title: 'Warm-up', createdAt: START },
    board: { notes: notes(), malformed: 0 },
    participants: PEOPLE,
    votes: new Map([['w0', 2], ['w1', 1]]),
    votesCast: new Map([['w-ana', 1], ['w-ben', 2]]),
    generatedAt: at(60),
    timeZone: 'UTC',
  });
}
