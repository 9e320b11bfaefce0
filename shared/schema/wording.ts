import type * as Y from 'yjs';
import { QUADRANTS, type Quadrant } from '../matrix';
import { AXES, PATHS } from '../paths';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// A workshop's own words for the four paths and the axes, in the control room:
// Y.Map "wording": key → string; an absent key means the standard wording (facilitators write it).

type PathWordingKey = `${Quadrant}.name` | `${Quadrant}.hint`;
type AxisWordingKey = 'trigger.label' | 'trigger.low' | 'trigger.high' | 'aim.label' | 'aim.low' | 'aim.high';
export type WordingKey = PathWordingKey | AxisWordingKey;

const AXIS_WORDING_KEYS: readonly AxisWordingKey[] = ['trigger.label', 'trigger.low', 'trigger.high', 'aim.label', 'aim.low', 'aim.high'];
const WORDING_KEYS: readonly WordingKey[] = [...QUADRANTS.flatMap((q): PathWordingKey[] => [`${q}.name`, `${q}.hint`]), ...AXIS_WORDING_KEYS];

/** Longest text per kind of key: names and axis titles fit a quadrant corner, a hint one or two lines. */
const WORDING_MAX = { name: 40, hint: 120, axis: 40 } as const;

export type WordingOverrides = Partial<Record<WordingKey, string>>;

export interface Wording {
  paths: Record<Quadrant, { name: string; hint: string }>;
  axes: { trigger: { label: string; low: string; high: string }; aim: { label: string; low: string; high: string } };
}

function isWordingKey(key: unknown): key is WordingKey {
  return typeof key === 'string' && (WORDING_KEYS as readonly string[]).includes(key);
}

export function wordingMax(key: WordingKey): number {
  return key.endsWith('.name') ? WORDING_MAX.name : key.endsWith('.hint') ? WORDING_MAX.hint : WORDING_MAX.axis;
}

/** Why a value may not be stored under a wording key, or null when it may (checked on every write). */
export function wordingValueProblem(key: string, value: unknown): string | null {
  if (!isWordingKey(key)) return `unknown wording field "${key.slice(0, 40)}"`;
  if (typeof value !== 'string' || value.trim() === '') return `wording for ${key} must be non-empty text`;
  if (value.length > wordingMax(key)) return `wording for ${key} is at most ${wordingMax(key)} characters`;
  if (/\p{Cc}/u.test(value)) return `wording for ${key} must be one line of text`;
  return null;
}

export const wordingOf = (doc: Y.Doc) => doc.getMap<unknown>('wording');

/** The stored overrides that are valid; anything else is ignored. */
export function readWording(doc: Y.Doc): WordingOverrides {
  const out: WordingOverrides = {};
  wordingOf(doc).forEach((value, key) => {
    if (isWordingKey(key) && wordingValueProblem(key, value) === null) out[key] = (value as string).trim();
  });
  return out;
}

/** Sets the given keys; an empty string goes back to the standard wording. */
export function setWording(doc: Y.Doc, patch: WordingOverrides, origin: Origin = LOCAL): void {
  const map = wordingOf(doc);
  doc.transact(() => {
    for (const key of WORDING_KEYS) {
      if (!(key in patch)) continue;
      const value = patch[key]?.trim() ?? '';
      if (!value) map.delete(key);
      else if (map.get(key) !== value) map.set(key, value.slice(0, wordingMax(key)));
    }
  }, origin);
}

/** The standard English wording (shared/paths.ts). */
export const STANDARD_WORDING: Wording = {
  paths: Object.fromEntries(QUADRANTS.map((q) => [q, { name: PATHS[q].name, hint: PATHS[q].hint }])) as Wording['paths'],
  axes: {
    trigger: { label: AXES.trigger.label, low: AXES.trigger.low, high: AXES.trigger.high },
    aim: { label: AXES.aim.label, low: AXES.aim.low, high: AXES.aim.high },
  },
};

/** The wording to show: each override, else the given standard (English or a translation). */
export function resolveWording(overrides: WordingOverrides, standard: Wording = STANDARD_WORDING): Wording {
  const pick = (key: WordingKey, fallback: string) => overrides[key] ?? fallback;
  return {
    paths: Object.fromEntries(
      QUADRANTS.map((q) => [q, { name: pick(`${q}.name`, standard.paths[q].name), hint: pick(`${q}.hint`, standard.paths[q].hint) }]),
    ) as Wording['paths'],
    axes: {
      trigger: { label: pick('trigger.label', standard.axes.trigger.label), low: pick('trigger.low', standard.axes.trigger.low), high: pick('trigger.high', standard.axes.trigger.high) },
      aim: { label: pick('aim.label', standard.axes.aim.label), low: pick('aim.low', standard.axes.aim.low), high: pick('aim.high', standard.axes.aim.high) },
    },
  };
}
