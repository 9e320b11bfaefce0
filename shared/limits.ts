// The limits a board's writers must honour. The server reads the configurable ones from its
// environment (server/config.ts, defaults below) and hands them all to the client (GET /api/config).

export interface Limits {
  /** Characters in a note's text or a takeaway (MAX_TEXT). */
  maxText: number;
  /** Notes on one board (MAX_NOTES). */
  maxNotes: number;
  /** Characters in a participant's display name (MAX_NAME, fixed). */
  maxName: number;
  /** Characters in a workshop's title (MAX_TITLE, fixed). */
  maxTitle: number;
}

/** A display name is at most this long: the server refuses longer ones, readers cut there. */
export const MAX_NAME = 40;

/** A workshop title is at most this long: the server refuses longer ones. */
export const MAX_TITLE = 120;

export const DEFAULT_LIMITS: Readonly<Limits> = { maxText: 500, maxNotes: 5000, maxName: MAX_NAME, maxTitle: MAX_TITLE };

/**
 * The largest MAX_TEXT the configuration accepts. Readers that do not know the configured
 * limit cut text only here, so they never shorten a note the server accepted.
 */
export const MAX_TEXT_CEILING = 10_000;

/** Ids (note ids, authors, movers) are at most this long. */
export const MAX_ID = 64;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The limits in an answer of GET /api/config, or null when it does not hold them. No answer
 * raises a limit past what this build's readers keep, so an input never takes what they cut.
 */
export function readLimits(value: unknown): Limits | null {
  if (typeof value !== 'object' || value === null) return null;
  const { maxText, maxNotes, maxName, maxTitle } = value as Record<string, unknown>;
  if (!isCount(maxText) || !isCount(maxNotes) || !isCount(maxName) || !isCount(maxTitle)) return null;
  return { maxText: Math.min(maxText, MAX_TEXT_CEILING), maxNotes, maxName: Math.min(maxName, MAX_NAME), maxTitle: Math.min(maxTitle, MAX_TITLE) };
}
