import type { Placement } from '../matrix';
import type { Wording } from '../schema/wording';
import type { AxisPosition, Summary, SummaryAction, SummaryMove, SummaryTakeaway } from './types';

// Wording and number formats shared by every human-readable format, so they all read alike.

export const PARKING_NAME = 'Parking area';

export function placementName(p: Placement, wording: Wording): string {
  return p === 'unplaced' ? PARKING_NAME : wording.paths[p].name;
}

/** A share 0…1 as a whole percentage, e.g. "40%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function positionLabel(p: AxisPosition): string {
  return `${p.external}% external, ${p.meaning}% meaning`;
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

function formatter(timeZone: string, kind: 'time' | 'date' | 'day' | 'dayTime'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
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
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "10:42" */
export function formatTime(iso: string, timeZone: string): string {
  return formatter(timeZone, 'time').format(new Date(iso));
}

/** "12 March 2025" */
export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, 'date').format(new Date(iso));
}

/** "2025-03-12" */
export function isoDay(ms: number, timeZone: string): string {
  const parts = formatter(timeZone, 'day').formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A moment of the session: the time alone on the session's day, with the date otherwise. */
export function formatMoment(iso: string, summary: Pick<Summary, 'timeZone' | 'workshop'>): string {
  const sameDay = isoDay(Date.parse(iso), summary.timeZone) === summary.workshop.date;
  return sameDay ? formatTime(iso, summary.timeZone) : formatter(summary.timeZone, 'dayTime').format(new Date(iso));
}

/** "Technology → Collective Values by Ana at 10:42" */
export function moveLine(move: SummaryMove, summary: Pick<Summary, 'timeZone' | 'workshop' | 'wording'>): string {
  return `${placementName(move.from, summary.wording)} → ${placementName(move.to, summary.wording)} by ${move.by} at ${formatMoment(move.at, summary)}`;
}

/** "12 March 2025, 09:05–11:40 (Europe/Paris)" */
export function sessionWhen(summary: Summary): string {
  const day = formatDate(`${summary.workshop.date}T12:00:00Z`, 'UTC');
  if (!summary.activity) return day;
  const from = formatTime(summary.activity.from, summary.timeZone);
  const to = formatMoment(summary.activity.to, summary);
  return `${day}, ${from}–${to} (${summary.timeZone})`;
}

/** "Generated on 12 March 2025 at 10:15 (Europe/Copenhagen) with Four Paths." */
export function generatedLine(summary: Pick<Summary, 'generatedAt' | 'timeZone'>): string {
  return `Generated on ${formatDate(summary.generatedAt, summary.timeZone)} at ${formatTime(summary.generatedAt, summary.timeZone)} (${summary.timeZone}) with Four Paths.`;
}

export function fenceLabel(between: readonly Placement[], wording: Wording): string {
  if (between.length === 4) return 'at the centre, between all four paths';
  return `between ${between.map((p) => placementName(p, wording)).join(' and ')}`;
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

export const TAKEAWAY_KINDS: Record<SummaryTakeaway['kind'], string> = { decision: 'Decision', action: 'Action', question: 'Open question', note: 'Note' };

/** "Action: Draft the forum rules (owner: Ana; by Fran)" */
export function takeawayLine(t: SummaryTakeaway): string {
  const who = [t.owner ? `owner: ${t.owner}` : null, `by ${t.author}`].filter(Boolean).join('; ');
  return `${TAKEAWAY_KINDS[t.kind]}: ${t.text} (${who})`;
}

/** "Draft the forum rules — Ana · on “Customer forum” (Social Business)" */
export function actionLine(a: SummaryAction, wording: Wording): string {
  return `${a.text} — ${a.owner ?? 'no owner yet'} · on “${a.noteText.trim() || '(empty note)'}” (${placementName(a.placement, wording)})`;
}
