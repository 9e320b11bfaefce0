import type { ColorKey } from '@shared/palette';

export const COLOR_NAMES: Record<ColorKey, string> = {
  yellow: 'Yellow',
  orange: 'Orange',
  pink: 'Pink',
  purple: 'Purple',
  blue: 'Blue',
  green: 'Green',
  grey: 'Grey',
};
