import { expect, it } from 'vitest';
import { summaryT } from '@shared/i18n/summaryI18n';
import { LANGUAGES } from '@shared/i18n/catalogs';
import { percent, positionLabel } from '@shared/summary/format';

it('says where a note sits exactly as the full translation does, in every language', () => {
  for (const language of LANGUAGES) {
    for (const [external, meaning] of [[0, 0], [42, 13], [-87, 100], [5, -5], [100, -100]] as const) {
      const full = summaryT(language)('note.position', { external: percent(external / 100, language), meaning: percent(meaning / 100, language) });
      expect(positionLabel({ external, meaning }, { language }), `${language} ${external}/${meaning}`).toBe(full);
    }
  }
});
