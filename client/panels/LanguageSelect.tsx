import { LANGUAGES, type Language } from '@shared/i18n/languages';
import { chooseLanguage, languageName, useT } from '../i18n';

/** The language switch: each language named in its own words, the choice remembered by this browser. */
export function LanguageSelect({ className = '' }: { className?: string }) {
  const { t, language } = useT();
  return (
    <select
      className={`language-select ${className}`.trim()}
      aria-label={t('language.label')}
      title={t('language.label')}
      value={language}
      onChange={(e) => void chooseLanguage(e.target.value as Language)}
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {languageName(l)}
        </option>
      ))}
    </select>
  );
}
