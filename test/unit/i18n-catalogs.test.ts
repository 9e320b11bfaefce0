import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, SOURCE_LANGUAGE } from '@shared/i18n/catalogs';
import { languageFromHeader, summaryT } from '@shared/i18n/summaryI18n';
import { QUADRANTS } from '@shared/matrix';
import { PATHS } from '@shared/paths';

// Every catalog has every message of the English one, with the plural forms its language needs.

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) for (const [key, text] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function messages(language: keyof typeof CATALOGS): Map<string, string[]> {
  const byBase = new Map<string, string[]>();
  for (const key of leaves(CATALOGS[language]).keys()) {
    const base = key.replace(PLURAL_SUFFIX, '');
    byBase.set(base, [...(byBase.get(base) ?? []), key]);
  }
  return byBase;
}

describe('message catalogs', () => {
  const source = leaves(CATALOGS[SOURCE_LANGUAGE]);
  const sourceBases = messages(SOURCE_LANGUAGE);

  it('register every catalog file in shared/i18n', () => {
    const files = readdirSync('shared/i18n').filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', ''));
    expect([...LANGUAGES].sort()).toEqual(files.sort());
  });

  for (const language of LANGUAGES) {
    it(`${language} has every English message, with the same placeholders and every plural form ${language} needs`, () => {
      const catalog = leaves(CATALOGS[language]);
      const bases = messages(language);
      const missing = [...sourceBases.keys()].filter((base) => !bases.has(base));
      expect(missing, `missing in ${language}.json`).toEqual([]);
      const extra = [...bases.keys()].filter((base) => !sourceBases.has(base));
      expect(extra, `not in en.json`).toEqual([]);
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [base, keys] of sourceBases) {
        if (!keys.some((k) => PLURAL_SUFFIX.test(k))) {
          expect(placeholders(catalog.get(base) ?? ''), `${language}: ${base}`).toEqual(placeholders(source.get(base)!));
          continue;
        }
        for (const category of categories) {
          if (category === 'zero' || category === 'two' || category === 'few') continue;
          expect(catalog.has(`${base}_${category}`), `${language}: ${base}_${category}`).toBe(true);
        }
      }
      for (const [key, text] of catalog) expect(text.trim(), `${language}: ${key} is empty`).not.toBe('');
    });
  }

  it('keeps the English path texts equal to shared/paths.ts, and writes each language’s own', () => {
    for (const q of QUADRANTS) {
      expect(summaryT('en')(`paths.${q}.description`)).toBe(PATHS[q].description);
      const others = LANGUAGES.filter((l) => l !== 'en').map((l) => summaryT(l)(`paths.${q}.description`));
      expect(new Set(others).size).toBe(others.length);
      for (const text of others) expect(text).not.toBe(PATHS[q].description);
    }
  });

  it('chooses plural forms by count', () => {
    expect(summaryT('de')('count.notes', { count: 1 })).toBe('1 Notiz');
    expect(summaryT('de')('count.notes', { count: 3 })).toBe('3 Notizen');
    expect(summaryT('fr')('count.votes', { count: 0 })).toBe('0 vote');
    expect(summaryT('es')('count.votes', { count: 2 })).toBe('2 votos');
  });

  it('reads the best language from an Accept-Language header', () => {
    expect(languageFromHeader('fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr');
    expect(languageFromHeader('nl-NL, de;q=0.7, en;q=0.9')).toBe('en');
    expect(languageFromHeader('pt-BR, nl')).toBeNull();
    expect(languageFromHeader('es;q=0, de')).toBe('de');
    expect(languageFromHeader(undefined)).toBeNull();
  });
});
