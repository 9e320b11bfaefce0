import type * as Y from 'yjs';
import type { RoomName } from '@shared/rooms';
import type { Connection } from './connection';

/** Decides who may write a room and whether an applied client transaction is acceptable. */
export interface RoomPolicy {
  /** Creates the document's typed top-level fields, so incoming updates attach to them. */
  prepare(doc: Y.Doc): void;
  /** Null when the connection may write now, else the reason it may not. */
  writeDenied(conn: Connection): string | null;
  /** Null when the transaction is acceptable, else the reason (the update is then discarded). */
  validate(tr: Y.Transaction, doc: Y.Doc, conn: Connection): string | null;
}

export type PolicyFactory = (room: RoomName) => RoomPolicy;
