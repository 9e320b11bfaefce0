import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';

// One catalog per language; adding a language is adding its JSON file here (docs/summary.md).

export const CATALOGS = { en, de, fr, es } as const;
export type Language = keyof typeof CATALOGS;
export const LANGUAGES = Object.keys(CATALOGS) as Language[];
/** The language every catalog is checked against, and the fallback for missing keys. */
export const SOURCE_LANGUAGE: Language = 'en';
