import type { Placement } from '@shared/matrix';
import { COLOR_KEYS } from '@shared/palette';
import type { Note } from '@shared/schema/board';
import type { Participant } from '@shared/schema/control';
import type { SummaryInput } from '@shared/summary/compute';

// The workshops the PDF worker renders at start, so the first real download does not pay for a first
// render: fontkit parses each font's layout tables on first use, every word is shaped for the first
// time, and V8 has not yet optimised the code that lays out and draws the notes. One small board paid
// for the first two only, and a 5,000-note board's first PDF still took about twice as long as its
// second. The worker draws a board of 200 notes 25 times instead: the first time with notes that
// reach every font of the stack (Latin, CJK, emoji, arrows), then with the plain sentences most
// boards hold. Each board has every colour and every section of the report. That takes about two
// seconds of the worker's time after the server starts (docs/performance.md); a download that
// arrives meanwhile waits for one small board, not for all of them (pdfWorker.ts).

export const WARM_UP_ROUNDS = 25;
const WARM_UP_NOTES = 200;

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

// After the first round, notes are the plain sentences most boards hold, as many words long as theirs.
// Words of their own: a board's words are shaped once and then remembered, so these must not be the bench's.
const WORDS = ['staff', 'portal', 'stories', 'partners', 'newsletter', 'town', 'hall', 'learning', 'volunteers', 'ideas', 'network', 'recognition', 'community', 'sharing'];

function plainText(i: number): string {
  return Array.from({ length: 3 + (i % 9) }, (_, k) => WORDS[(i * 5 + k * 3) % WORDS.length]).join(' ');
}

function notes(round: number): Note[] {
  return Array.from({ length: WARM_UP_NOTES }, (_, i): Note => {
    const [rich, x, y] = TEXTS[i % TEXTS.length]!;
    const text = round === 0 ? rich : plainText(i);
    // Spread around each text's spot, so every path and the parking area hold hundreds of notes.
    const dx = ((i * 37) % 100) / 400 - 0.125;
    const dy = ((i * 53) % 100) / 400 - 0.125;
    const moved: Array<{ from: Placement; to: Placement }> = i % 7 === 5 ? [{ from: 'unplaced', to: 'product-resonance' }, { from: 'product-resonance', to: 'collective-values' }] : [];
    return {
      id: `w${i}`,
      text: `${text} ${i}`,
      x: x + dx,
      y: y + dy,
      color: COLOR_KEYS[i % COLOR_KEYS.length]!,
      authorId: PEOPLE[i % PEOPLE.length]!.id,
      createdAt: at(5 + (i % 30)),
      moves: moved.map((m, j) => ({ ...m, by: 'w-ben', at: at(40 + j) })),
      locked: false,
      comments: i % 50 === 0 ? [{ id: `wc${i}`, kind: 'action', text: 'Book the first strategy day', authorId: 'w-ana', createdAt: at(50), owner: 'Ana' }] : [],
    };
  });
}

/** The board of one round of the warm-up. */
export function warmUpInput(round = 0): SummaryInput {
  return {
    workshop: { id: 'warm-up', title: 'Warm-up', createdAt: START },
    board: { notes: notes(round), malformed: 0 },
    participants: PEOPLE,
    votes: new Map(Array.from({ length: 40 }, (_, i): [string, number] => [`w${i * 3}`, 1 + (i % 3)])),
    votesCast: new Map([['w-ana', 20], ['w-ben', 30], ['w-yuki', 30]]),
    generatedAt: at(60),
    timeZone: 'UTC',
  };
}
