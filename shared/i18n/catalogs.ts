import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import type { Language } from './languages';

// One catalog per language; adding a language is adding its JSON file here and its code to languages.ts (docs/summary.md).

export { LANGUAGES, SOURCE_LANGUAGE, type Language } from './languages';
export const CATALOGS = { en, de, fr, es } satisfies Record<Language, object>;
