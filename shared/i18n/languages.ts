// The languages of the UI and the summary, without their catalogs (catalogs.ts), so a page can
// name and choose them before it has loaded any but its own.

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The language every catalog is checked against, and the fallback for missing keys. */
export const SOURCE_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Locale for Intl: a region that writes dates the way that language's readers expect. */
const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

export function localeOf(language: Language): string {
  return LOCALES[language] ?? language;
}
