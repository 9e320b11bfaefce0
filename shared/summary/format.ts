import type { Placement } from '../matrix';
import { localeOf, summaryT, type Translate } from '../i18n/summaryI18n';
import type { Language } from '../i18n/catalogs';
import type { AxisPosition, Summary, SummaryAction, SummaryMove, SummaryTakeaway } from './types';

// Wording and number formats shared by every human-readable format, so they all read alike,
// in the summary's language (shared/i18n) and with the workshop's own names for the paths.

type Speaks = Pick<Summary, 'language'>;

export function tr(summary: Speaks): Translate {
  return summaryT(summary.language);
}

export function placementName(p: Placement, summary: Pick<Summary, 'wording' | 'language'>): string {
  return p === 'unplaced' ? tr(summary)('heading.parking') : summary.wording.paths[p].name;
}

/** Each language's percent style, with the whole percentages it has written: a report writes the same hundred or so thousands of times. */
const percentStyles = new Map<string, { format: Intl.NumberFormat; written: Map<number, string> }>();

/** A share 0…1 as a whole percentage in the language's style, e.g. "40%" or "40 %". */
export function percent(share: number, language: Language = 'en'): string {
  let style = percentStyles.get(language);
  if (!style) {
    style = { format: new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 0 }), written: new Map() };
    percentStyles.set(language, style);
  }
  const whole = Math.round(share * 100);
  let text = style.written.get(whole);
  if (text === undefined) {
    text = style.format.format(whole / 100);
    // Shares are 0…1, so this stays small; stray values must not grow it without bound.
    if (style.written.size < 1000) style.written.set(whole, text);
  }
  return text;
}

/** English counts for the live panel, which is not translated yet. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "3 notes", "1 Stimme": a counted noun from the catalog's plural forms. */
export function counted(summary: Speaks, what: 'notes' | 'votes' | 'placedNotes', count: number): string {
  return tr(summary)(`count.${what}`, { count });
}

// Stand-ins for the two values: the phrase is translated once per language with them, then filled
// in, because nearly every note has its own pair of values and a translation each costs.
const EXTERNAL = '\u0001';
const MEANING = '\u0002';

export function positionLabel(p: AxisPosition, summary: Speaks): string {
  const phrase = tr(summary)('note.position', { external: EXTERNAL, meaning: MEANING });
  return phrase.replace(EXTERNAL, percent(p.external / 100, summary.language)).replace(MEANING, percent(p.meaning / 100, summary.language));
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Intl formatters are costly to build; a 5,000-note export formats thousands of times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, kind: 'time' | 'date' | 'day' | 'dayTime'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { day: 'numeric', month: 'long', year: 'numeric' }
          : kind === 'day'
            ? { year: 'numeric', month: '2-digit', day: '2-digit' }
            : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "10:42" */
export function formatTime(iso: string, timeZone: string, language: Language = 'en'): string {
  return formatter(localeOf(language), timeZone, 'time').format(new Date(iso));
}

/** "12 March 2025", "12. März 2025" */
export function formatDate(iso: string, timeZone: string, language: Language = 'en'): string {
  return formatter(localeOf(language), timeZone, 'date').format(new Date(iso));
}

/** "2025-03-12" */
export function isoDay(ms: number, timeZone: string): string {
  const parts = formatter('en-GB', timeZone, 'day').formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

type When = Pick<Summary, 'timeZone' | 'workshop' | 'language'>;

/** A moment of the session: the time alone on the session's day, with the date otherwise. */
export function formatMoment(iso: string, summary: When): string {
  const sameDay = isoDay(Date.parse(iso), summary.timeZone) === summary.workshop.date;
  return sameDay ? formatTime(iso, summary.timeZone, summary.language) : formatter(localeOf(summary.language), summary.timeZone, 'dayTime').format(new Date(iso));
}

/** "Technology → Collective Values by Ana at 10:42" */
export function moveLine(move: SummaryMove, summary: When & Pick<Summary, 'wording'>): string {
  // No mover in an anonymous workshop: the line keeps only symbols, which read the same in every language.
  if (!move.by) return `${placementName(move.from, summary)} → ${placementName(move.to, summary)} · ${formatMoment(move.at, summary)}`;
  return tr(summary)('move', { from: placementName(move.from, summary), to: placementName(move.to, summary), name: move.by, time: formatMoment(move.at, summary) });
}

/** "12 March 2025, 09:05–11:40 (Europe/Paris)" */
export function sessionWhen(summary: Summary): string {
  const day = formatDate(`${summary.workshop.date}T12:00:00Z`, 'UTC', summary.language);
  if (!summary.activity) return day;
  const from = formatTime(summary.activity.from, summary.timeZone, summary.language);
  const to = formatMoment(summary.activity.to, summary);
  return `${day}, ${from}–${to} (${summary.timeZone})`;
}

/** "Generated on 12 March 2025 at 10:15 (Europe/Copenhagen) with Four Paths." */
export function generatedLine(summary: Pick<Summary, 'generatedAt' | 'timeZone' | 'language'>): string {
  const { generatedAt, timeZone, language } = summary;
  return tr(summary)('generated', { date: formatDate(generatedAt, timeZone, language), time: formatTime(generatedAt, timeZone, language), zone: timeZone });
}

export function fenceLabel(between: readonly Placement[], summary: Pick<Summary, 'wording' | 'language'>): string {
  const t = tr(summary);
  if (between.length === 4) return t('fence.centre');
  return t('fence.between', { first: placementName(between[0] ?? 'unplaced', summary), second: placementName(between[1] ?? 'unplaced', summary) });
}

// Latin letters that Unicode does not decompose into a base letter and an accent.
const LATIN_LETTERS: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', ð: 'd', đ: 'd', þ: 'th', ł: 'l', ı: 'i' };

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[æøœßðđþłı]/g, (c) => LATIN_LETTERS[c] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'workshop';
}

/** "four-paths-growing-social-at-acme-2025-03-12.pdf" */
export function summaryFileName(summary: Pick<Summary, 'workshop'>, ext: string): string {
  return `four-paths-${slugify(summary.workshop.title)}-${summary.workshop.date}.${ext}`;
}

export function takeawayKind(kind: SummaryTakeaway['kind'], summary: Speaks): string {
  return tr(summary)(`takeaway.${kind}`);
}

/** "by Ana", or null when the workshop keeps its authors anonymous (the name is then empty). */
export function byLine(name: string, summary: Speaks): string | null {
  return name ? tr(summary)('note.by', { name }) : null;
}

/** "Action: Draft the forum rules (owner: Ana; by Fran)" */
export function takeawayLine(item: SummaryTakeaway, summary: Speaks): string {
  const t = tr(summary);
  const who = [item.owner ? t('takeaway.owner', { name: item.owner }) : null, byLine(item.author, summary)].filter(Boolean).join('; ');
  return who ? `${takeawayKind(item.kind, summary)}: ${item.text} (${who})` : `${takeawayKind(item.kind, summary)}: ${item.text}`;
}

/** "Draft the forum rules — Ana · on “Customer forum” (Social Business)" */
export function actionLine(a: SummaryAction, summary: Pick<Summary, 'wording' | 'language'>): string {
  const t = tr(summary);
  return t('actions.line', { text: a.text, owner: a.owner ?? t('actions.noOwner'), note: a.noteText.trim() || t('note.empty'), path: placementName(a.placement, summary) });
}
