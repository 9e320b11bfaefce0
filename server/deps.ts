import type * as Y from 'yjs';
import type { Config } from './config';
import type { Logger } from './log';
import type { AsyncStore } from './store/types';
import type { Bus } from './bus/types';
import type { TokenService } from './auth/tokens';
import type { Metrics } from './metrics';
import type { Access } from './auth/access';
import type { StoreHealth } from './store/storeHealth';
import type { StoredWrites } from './api/storedWrite';
import type { PdfRenderer } from './summary/pdfRenderer';

/** Server-side access to room documents, for routes and facilitation logic. */
export interface DocAccess {
  /** Runs fn on the room's document (loading it from the store if needed) and returns its result. */
  readDoc<T>(room: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /** The same for several rooms, read together in one synchronous turn. */
  readDocs<T>(rooms: readonly string[], fn: (docs: Y.Doc[]) => T): Promise<T>;
  /** Writes to the room's document as the server; the change is stored before anyone receives it. */
  transact(room: string, fn: (doc: Y.Doc) => void, reason: string): Promise<void>;
  /** Resolves once every update made so far is stored. */
  flush(): Promise<void>;
}

/** Synchronous reads of rooms known to be loaded (judging a write reads its control room). */
export interface LoadedDocs {
  readLoaded<T>(room: string, fn: (doc: Y.Doc) => T): T;
}

/** What every route and service receives: created once per server. */
export interface ServerDeps {
  config: Config;
  log: Logger;
  /** The store, SQLite or PostgreSQL; no feature sees which. */
  data: AsyncStore;
  /** The other instances (a no-op bus when this one runs alone). */
  bus: Bus;
  tokens: TokenService;
  docs: DocAccess;
  metrics: Metrics;
  /** Removed people and rotated links, with hooks for what must follow them. */
  access: Access;
  storeHealth: StoreHealth;
  /** Server writes a route confirms only once stored. */
  writes: StoredWrites;
  /** The PDF worker thread and the downloads waiting for it. */
  pdf: PdfRenderer;
}
