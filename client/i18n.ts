import i18next from 'i18next';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import en from '@shared/i18n/en.json';
import { isLanguage, localeOf, SOURCE_LANGUAGE, type Language } from '@shared/i18n/languages';
import { wordingFrom } from '@shared/i18n/standardWording';
import type { Wording } from '@shared/schema/wording';

// The client's messages (namespace "ui.*" of shared/i18n/<language>.json; the standard wording
// from "summary.*"), with Intl for numbers. Only English ships with the first page; the other
// catalogs are fetched when they are wanted, each once.

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

const catalogFiles = import.meta.glob<{ default: object }>('../shared/i18n/*.json');

const ui = i18next.createInstance();
void ui.init({
  resources: { [SOURCE_LANGUAGE]: { translation: en } },
  lng: SOURCE_LANGUAGE,
  fallbackLng: SOURCE_LANGUAGE,
  initAsync: false,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Fetches a language's catalog unless it is here already. */
async function loadCatalog(language: Language): Promise<void> {
  if (ui.hasResourceBundle(language, 'translation')) return;
  const load = catalogFiles[`../shared/i18n/${language}.json`];
  if (!load) throw new Error(`no catalog for ${language}`);
  ui.addResourceBundle(language, 'translation', (await load()).default);
}

async function switchTo(language: Language): Promise<void> {
  await loadCatalog(language);
  await ui.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Resolves once the remembered or the browser's language can be shown (English if its catalog cannot be fetched). */
export const i18nReady: Promise<void> = switchTo(storedLanguage() ?? browserLanguage()).catch(() => undefined);

export type UiT = (key: string, values?: Record<string, unknown>) => string;

/** Switches the UI language (fetching its catalog first) and remembers it for this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
  await switchTo(language);
}

/** A language's name in its own words (from Intl, so no catalog needs fetching to list it). */
export function languageName(language: Language): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

/** The standard names of the paths and axes in a language whose catalog is loaded (the current one). */
export function standardWordingIn(language: Language): Wording {
  const t = ui.getFixedT(language);
  return wordingFrom((key, values) => String(t(`summary.${key}`, values ?? {})));
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
