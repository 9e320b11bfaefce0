import i18next from 'i18next';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { CATALOGS, LANGUAGES, SOURCE_LANGUAGE, type Language } from '@shared/i18n/catalogs';
import { isLanguage, localeOf } from '@shared/i18n/summaryI18n';

// The client's messages (namespace "ui.*" of shared/i18n/<language>.json): react-i18next, Intl for numbers.

const LANGUAGE_KEY = 'fourPaths.language';

function storedLanguage(): Language | null {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** The first of the browser's languages we have, else English. */
function browserLanguage(): Language {
  if (typeof navigator === 'undefined') return SOURCE_LANGUAGE;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return SOURCE_LANGUAGE;
}

const ui = i18next.createInstance();
void ui.init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGS[l] }])),
  lng: storedLanguage() ?? browserLanguage(),
  fallbackLng: SOURCE_LANGUAGE,
  initAsync: false,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});
if (typeof document !== 'undefined') document.documentElement.lang = ui.language;

export type UiT = (key: string, values?: Record<string, unknown>) => string;

/** The UI language in use. */
export function currentLanguage(): Language {
  return isLanguage(ui.language) ? ui.language : SOURCE_LANGUAGE;
}

/** Switches the UI language and remembers it for this browser. */
export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
  void ui.changeLanguage(language);
  document.documentElement.lang = language;
}

/** A language's name in its own words, from its own catalog (so a new catalog brings its name along). */
export function languageName(language: Language): string {
  return String(ui.getFixedT(language)('ui.language.self'));
}

/** UI messages outside React (announcements); keys are relative to "ui.". */
export const tUi: UiT = (key, values) => String(ui.t(`ui.${key}`, values ?? {}));

// A language change re-renders every component that reads messages (a small store over i18next's event, instead of react-i18next: the first page's budget is tight).
function subscribeLanguage(onChange: () => void): () => void {
  ui.on('languageChanged', onChange);
  return () => ui.off('languageChanged', onChange);
}

/** UI messages in a component, re-rendered when the language changes; keys relative to "ui.". */
export function useT(): { t: UiT; language: Language; locale: string } {
  const current = useSyncExternalStore(subscribeLanguage, () => ui.language);
  const language = isLanguage(current) ? current : SOURCE_LANGUAGE;
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  // Stable while the language stays, so callbacks and effects that use it do not re-run each render.
  const translate = useMemo<UiT>(() => {
    const fixed = ui.getFixedT(language);
    return (key, values) => String(fixed(`ui.${key}`, values ?? {}));
  }, [language]);
  return { t: translate, language, locale: localeOf(language) };
}
