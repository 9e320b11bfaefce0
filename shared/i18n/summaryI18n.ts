import i18next from 'i18next';
import type { Quadrant } from '../matrix';
import type { Wording } from '../schema/wording';
import { CATALOGS, LANGUAGES, SOURCE_LANGUAGE, type Language } from './catalogs';
import { isLanguage } from './languages';
import { wordingFrom, type Translate } from './standardWording';

export { isLanguage, localeOf } from './languages';
export type { Translate } from './standardWording';

// Translations for the summary (namespace "summary.*"): i18next with plural keys, Intl for numbers and dates.

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGS[l] }])),
  lng: SOURCE_LANGUAGE,
  fallbackLng: SOURCE_LANGUAGE,
  initAsync: false,
  // Renderers escape for their own format (Markdown, XML, CSV); HTML escaping here would double it.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const translators = new Map<Language, Translate>();
// One i18next lookup costs about 0.1 ms and a 5,000-note export asks for the same few thousand
// messages again and again; the catalogs never change, so answers are kept, up to a bound.
const MAX_REMEMBERED = 20_000;

/** The summary's messages in one language; keys are relative to "summary.". */
export function summaryT(language: Language): Translate {
  let t = translators.get(language);
  if (!t) {
    const fixed = i18n.getFixedT(language, null, 'summary');
    const remembered = new Map<string, string>();
    t = (key, values) => {
      const id = values === undefined ? key : `${key}\u0000${JSON.stringify(values)}`;
      let text = remembered.get(id);
      if (text === undefined) {
        text = String(fixed(key, values ?? {}));
        if (remembered.size >= MAX_REMEMBERED) remembered.clear();
        remembered.set(id, text);
      }
      return text;
    };
    translators.set(language, t);
  }
  return t;
}

/** The best of our languages for an Accept-Language header, by its q weights; null when none fits. */
export function languageFromHeader(header: string | undefined): Language | null {
  if (!header) return null;
  const wanted = header
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((w) => w.q > 0 && Number.isFinite(w.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return wanted.map((w) => w.base).find(isLanguage) ?? null;
}

/** The standard names of the paths and axes in a language. */
export function standardWording(language: Language): Wording {
  return wordingFrom(summaryT(language));
}

/** What a path is, who pushes it and its risk, in a language (written afresh for each, not translated word for word). */
export function pathTexts(language: Language, q: Quadrant): { description: string; promoters: string; risk: string } {
  const t = summaryT(language);
  return { description: t(`paths.${q}.description`), promoters: t(`paths.${q}.promoters`), risk: t(`paths.${q}.risk`) };
}
