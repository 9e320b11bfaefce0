import type * as Y from 'yjs';
import type { RoomName } from '@shared/rooms';
import type { Connection } from './connection';
import type { WriteContext } from './validateBoard';

/** Why a transaction was refused: `rule` for what the rules forbid (the socket stays), else content that breaks the schema. */
export interface Problem {
  reason: string;
  rule: boolean;
}

/** Decides who may write a room and whether an applied client transaction is acceptable. */
export interface RoomPolicy {
  /** The document's top-level field names; an update naming any other is refused before it is applied. */
  readonly roots: ReadonlySet<string>;
  /** Creates the document's typed top-level fields, so incoming updates attach to them. */
  prepare(doc: Y.Doc): void;
  /** Null when the connection may write now, else the reason it may not. */
  writeDenied(conn: Connection): string | null;
  /** Null when the transaction is acceptable, else the problem (the update is then discarded). */
  validate(tr: Y.Transaction, doc: Y.Doc, conn: Connection, context: WriteContext): Problem | null;
}

export type PolicyFactory = (room: RoomName) => RoomPolicy;
