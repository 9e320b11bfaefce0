// Typed transaction origins: every write to a Y.Doc names who made it.
export type Origin =
  | { kind: 'local' } // this client's own edits; the only origin the undo manager tracks
  | { kind: 'server'; reason: string } // the server's own writes (join, reveal, votes)
  | { kind: 'restore' }; // loading from the store or cache

export const LOCAL: Origin = Object.freeze({ kind: 'local' });

export function serverOrigin(reason: string): Origin {
  return { kind: 'server', reason };
}
