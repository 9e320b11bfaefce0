import { normalizeText, tokensOf } from './normalize';

// Which imported lines repeat a note already on the board (or an earlier line of the same import).

type DuplicateKind = 'duplicate' | 'similar';

export interface DuplicateMatch {
  kind: DuplicateKind;
  /** The text it repeats, as written on the board or earlier in the list. */
  of: string;
}

/** Near-duplicates: this share of words in common (Jaccard), or an edit distance this small for short texts. */
const SIMILAR_JACCARD = 0.8;
const SIMILAR_EDITS = 2;
const SHORT_TEXT = 40;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed the limit. */
function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Uint16Array(b.length + 1).map((_, j) => j);
  let row = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

interface Known {
  text: string;
  normal: string;
  tokens: Set<string>;
}

function knownOf(text: string): Known {
  return { text, normal: normalizeText(text), tokens: new Set(tokensOf(text)) };
}

function endsOf(normal: string): string[] {
  return [`^${normal.slice(0, 3)}`, `${normal.slice(-3)}$`];
}

/** Common words and endings hold many texts; as a hint, comparing with the first few of them is enough. */
const BUCKET_CAP = 64;

function pushTo<K>(index: Map<K, Known[]>, key: K, k: Known): void {
  const list = index.get(key);
  if (!list) index.set(key, [k]);
  else if (list.length < BUCKET_CAP) list.push(k);
}

/**
 * For each candidate text, whether it repeats an existing note or an earlier candidate:
 * "duplicate" when the normalised words are equal, "similar" as a hint, null otherwise.
 */
export function findDuplicates(candidates: readonly string[], existing: readonly string[]): (DuplicateMatch | null)[] {
  const exact = new Map<string, string>();
  // Word → texts holding it: a near-duplicate by words shares at least one word.
  const byToken = new Map<string, Known[]>();
  // Short texts by their first and last three characters: a typo or two rarely touches both ends.
  const shortByEnds = new Map<string, Known[]>();
  const remember = (k: Known) => {
    if (!k.normal) return;
    if (!exact.has(k.normal)) exact.set(k.normal, k.text);
    for (const t of k.tokens) pushTo(byToken, t, k);
    if (k.normal.length <= SHORT_TEXT) for (const end of endsOf(k.normal)) pushTo(shortByEnds, end, k);
  };
  const nearOf = (k: Known): Known | undefined => {
    for (const t of k.tokens) {
      const hit = byToken.get(t)?.find((other) => jaccard(k.tokens, other.tokens) >= SIMILAR_JACCARD);
      if (hit) return hit;
    }
    if (k.normal.length > SHORT_TEXT) return undefined;
    for (const end of endsOf(k.normal)) {
      const hit = shortByEnds.get(end)?.find((other) => editDistanceWithin(k.normal, other.normal, SIMILAR_EDITS) <= SIMILAR_EDITS);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const text of existing) remember(knownOf(text));
  return candidates.map((text) => {
    const k = knownOf(text);
    const same = exact.get(k.normal);
    const near = same === undefined && k.normal ? nearOf(k) : undefined;
    remember(k);
    if (same !== undefined) return { kind: 'duplicate', of: same };
    return near ? { kind: 'similar', of: near.text } : null;
  });
}
