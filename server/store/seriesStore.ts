import type { Database } from 'better-sqlite3';

// Series: workshops run again with other groups, linked so their summaries can be compared.
// A table of its own beside the store's, like votes and history.

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workshop_series (
  workshop_id TEXT PRIMARY KEY REFERENCES workshops(id), series_id TEXT NOT NULL, joined_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workshop_series_by_series ON workshop_series(series_id, joined_at);
`;

/** A series holds at most this many workshops: the comparison has to fit on a page. */
export const MAX_SERIES_WORKSHOPS = 50;

interface SeriesStore {
  /** The series a workshop belongs to, or null. */
  seriesOf(workshopId: string): string | null;
  /** The workshops of a series, in the order they joined it. */
  members(seriesId: string): string[];
  /** Puts a workshop into a series (a workshop is in one series at most; joining again is a no-op). */
  join(seriesId: string, workshopId: string, at: number): void;
}

export function openSeriesStore(db: Database): SeriesStore {
  db.exec(SCHEMA);
  const q = {
    seriesOf: db.prepare<[string], { series_id: string }>('SELECT series_id FROM workshop_series WHERE workshop_id = ?'),
    members: db.prepare<[string], { workshop_id: string }>('SELECT workshop_id FROM workshop_series WHERE series_id = ? ORDER BY joined_at, workshop_id'),
    join: db.prepare('INSERT OR IGNORE INTO workshop_series (workshop_id, series_id, joined_at) VALUES (?, ?, ?)'),
  };
  return {
    seriesOf: (workshopId) => q.seriesOf.get(workshopId)?.series_id ?? null,
    members: (seriesId) => q.members.all(seriesId).map((r) => r.workshop_id),
    join: (seriesId, workshopId, at) => void q.join.run(workshopId, seriesId, at),
  };
}
