import { COLOR_KEYS, type ColorKey } from '@shared/palette';
import { tUi } from '../i18n';

/** Each colour's name in the current UI language, read when it is shown. */
export const COLOR_NAMES = Object.defineProperties(
  {},
  Object.fromEntries(COLOR_KEYS.map((c) => [c, { get: () => tUi(`colors.${c}`), enumerable: true }])),
) as Readonly<Record<ColorKey, string>>;
