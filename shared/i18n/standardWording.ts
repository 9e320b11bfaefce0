import { QUADRANTS } from '../matrix';
import type { Wording } from '../schema/wording';

/** Messages of the "summary." namespace in one language. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The standard names of the paths and axes, from whichever translator holds the catalog. */
export function wordingFrom(t: Translate): Wording {
  return {
    paths: Object.fromEntries(QUADRANTS.map((q) => [q, { name: t(`paths.${q}.name`), hint: t(`paths.${q}.hint`) }])) as Wording['paths'],
    axes: {
      trigger: { label: t('axes.trigger.label'), low: t('axes.trigger.low'), high: t('axes.trigger.high') },
      aim: { label: t('axes.aim.label'), low: t('axes.aim.low'), high: t('axes.aim.high') },
    },
  };
}
