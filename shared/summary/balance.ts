import { FENCE_MARGIN, QUADRANTS, axisPercent, quadrantOf, type Quadrant } from '../matrix';
import { PATHS } from '../paths';
import type { Wording } from '../schema/wording';
import type { Language } from '../i18n/catalogs';
import { summaryT } from '../i18n/summaryI18n';
import { percent } from './format';
import type { Balance, Share, SummaryNote } from './types';

function share(count: number, of: number): Share {
  return { count, share: of === 0 ? 0 : count / of };
}

/** Where the placed notes lean, and how much of the board engages the organization's identity. */
export function computeBalance(placed: readonly SummaryNote[], perPath: Record<Quadrant, number>, wording: Wording, language: Language): Balance {
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
  return { ...balance, sentence: balanceSentence(balance, perPath, wording, language) };
}

/** Plain sentences a facilitator can read aloud; the article's point is that only the meaning paths engage identity. */
export function balanceSentence(b: Omit<Balance, 'sentence'>, perPath: Record<Quadrant, number>, wording: Wording, language: Language): string {
  const t = summaryT(language);
  const pct = (share: number) => percent(share, language);
  const cv = wording.paths['collective-values'].name;
  const pr = wording.paths['product-resonance'].name;
  if (b.placed === 0) return t('balance.none');
  if (b.placed === 1) {
    const path = b.centroid ? wording.paths[b.centroid.quadrant].name : '';
    return b.identity.count === 1 ? t('balance.oneIdentity', { path }) : t('balance.oneOther', { path, cv, pr });
  }
  const others = b.placed - b.identity.count;
  const parts =
    b.identity.count === 0
      ? [t('balance.noIdentity', { placed: b.placed, cv, pr })]
      : [
          t('balance.identity', { count: b.identity.count, placed: b.placed, share: pct(b.identity.share), cv, pr, cvCount: perPath['collective-values'], prCount: perPath['product-resonance'] }),
          others === 0 ? t('balance.othersNone') : t('balance.others', { count: others }),
        ];
  const outside = Math.round(b.external.share * 100) / 100;
  parts.push(t('balance.external', { outside: pct(outside), inside: pct(1 - outside) }));
  if (b.centroid) {
    const central = Math.abs(b.centroid.x) < FENCE_MARGIN && Math.abs(b.centroid.y) < FENCE_MARGIN;
    const position = t('note.position', { external: pct(b.centroid.position.external / 100), meaning: pct(b.centroid.position.meaning / 100) });
    parts.push(central ? t('balance.central') : t('balance.lean', { path: wording.paths[b.centroid.quadrant].name, position }));
  }
  if (b.identity.count === 0) return parts.join(' ');
  if (b.identity.share < 1 / 3) parts.push(t('balance.thin'));
  else if (b.identity.share > 2 / 3) parts.push(t('balance.meaning'));
  else parts.push(t('balance.even'));
  return parts.join(' ');
}
