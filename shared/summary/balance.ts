import { FENCE_MARGIN, QUADRANTS, axisPercent, quadrantOf, type Quadrant } from '../matrix';
import { PATHS } from '../paths';
import type { Wording } from '../schema/wording';
import { percent, plural } from './format';
import type { Balance, Share, SummaryNote } from './types';

function share(count: number, of: number): Share {
  return { count, share: of === 0 ? 0 : count / of };
}

/** Where the placed notes lean, and how much of the board engages the organization's identity. */
export function computeBalance(placed: readonly SummaryNote[], perPath: Record<Quadrant, number>, wording: Wording): Balance {
  const n = placed.length;
  let sumX = 0;
  let sumY = 0;
  let meaning = 0;
  let external = 0;
  for (const note of placed) {
    sumX += note.x;
    sumY += note.y;
    if (note.y >= 0) meaning++;
    if (note.x >= 0) external++;
  }
  const identity = QUADRANTS.filter((q) => PATHS[q].engagesIdentity).reduce((sum, q) => sum + perPath[q], 0);
  const centroid =
    n === 0
      ? null
      : (() => {
          const x = sumX / n;
          const y = sumY / n;
          return { x, y, position: { external: axisPercent(x), meaning: axisPercent(y) }, quadrant: quadrantOf(x, y) };
        })();
  const balance: Omit<Balance, 'sentence'> = {
    placed: n,
    meaning: share(meaning, n),
    external: share(external, n),
    identity: share(identity, n),
    centroid,
  };
  return { ...balance, sentence: balanceSentence(balance, perPath, wording) };
}

/** Plain sentences a facilitator can read aloud; the article's point is that only the meaning paths engage identity. */
export function balanceSentence(b: Omit<Balance, 'sentence'>, perPath: Record<Quadrant, number>, wording: Wording): string {
  const cv = wording.paths['collective-values'].name;
  const pr = wording.paths['product-resonance'].name;
  if (b.placed === 0) return 'No note has been placed on the matrix yet, so the board shows no balance so far.';
  if (b.placed === 1) {
    const where = b.centroid ? wording.paths[b.centroid.quadrant].name : '';
    return b.identity.count === 1
      ? `The only placed note sits in ${where}, one of the two paths that engage the organization's identity.`
      : `The only placed note sits in ${where}; it aims at efficiency or profit, outside the two paths that engage the organization's identity (${cv} and ${pr}).`;
  }
  const others = b.placed - b.identity.count;
  const parts =
    b.identity.count === 0
      ? [
          `None of the ${b.placed} placed notes sits on the meaning side, in ${cv} or ${pr}, the only two paths that engage the organization's identity: ` +
            'all of them aim at efficiency or profit.',
        ]
      : [
          `${b.identity.count} of the ${b.placed} placed notes (${percent(b.identity.share)}) ${b.identity.count === 1 ? 'sits' : 'sit'} on the meaning side, ` +
            `in ${cv} (${perPath['collective-values']}) and ${pr} (${perPath['product-resonance']}): the only two paths that engage the organization's identity.`,
          others === 0 ? 'None aims at efficiency or profit.' : `The other ${plural(others, 'note')} ${others === 1 ? 'aims' : 'aim'} at efficiency or profit.`,
        ];
  parts.push(`${percent(b.external.share)} of the placed notes are triggered from outside the organization and ${100 - Math.round(b.external.share * 100)}% from inside.`);
  if (b.centroid) {
    const central = Math.abs(b.centroid.x) < FENCE_MARGIN && Math.abs(b.centroid.y) < FENCE_MARGIN;
    parts.push(
      central
        ? 'On average the notes sit close to the centre of the matrix, with no clear lean.'
        : `On average the notes lean toward ${wording.paths[b.centroid.quadrant].name} (${b.centroid.position.external}% external, ${b.centroid.position.meaning}% meaning).`,
    );
  }
  if (b.identity.count === 0) return parts.join(' ');
  if (b.identity.share < 1 / 3) parts.push('Most of the energy goes to efficiency or profit; the paths that engage identity are thinly represented.');
  else if (b.identity.share > 2 / 3) parts.push('Most of the energy goes to meaning: to who the organization is and what it stands for.');
  else parts.push('Meaning and efficiency are fairly evenly balanced.');
  return parts.join(' ');
}
