// The limits a board's writers must honour. The server reads the configurable ones from its
// environment (server/config.ts, defaults below) and hands them to the client (GET /api/config).

export interface Limits {
  /** Characters in a note's text or a takeaway (MAX_TEXT). */
  maxText: number;
  /** Notes on one board (MAX_NOTES). */
  maxNotes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = { maxText: 500, maxNotes: 5000 };

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

/** The limits in an answer of GET /api/config, or null when it does not hold them. */
export function readLimits(value: unknown): Limits | null {
  if (typeof value !== 'object' || value === null) return null;
  const { maxText, maxNotes } = value as Record<string, unknown>;
  if (!isCount(maxText) || !isCount(maxNotes)) return null;
  return { maxText: Math.min(maxText, MAX_TEXT_CEILING), maxNotes };
}
