import type * as Y from 'yjs';
import type { Config } from './config';
import type { Logger } from './log';
import type { AsyncStore, Store } from './store/types';
import type { TokenService } from './auth/tokens';
import type { Metrics } from './metrics';
import type { Access } from './auth/access';
import type { StoreHealth } from './store/storeHealth';
import type { StoredWrites } from './api/storedWrite';

/** Server-side access to room documents, for routes and facilitation logic. */
export interface DocAccess {
  /** Runs fn on the room's document (loading it from the store if needed) and returns its result. */
  readDoc<T>(room: string, fn: (doc: Y.Doc) => T): T;
  /** Writes to the room's document as the server; the change is stored before anyone receives it. */
  transact(room: string, fn: (doc: Y.Doc) => void, reason: string): void;
  /** Writes every pending update to the store now. */
  flush(): void;
}

/** What every route and service receives: created once per server. */
export interface ServerDeps {
  config: Config;
  log: Logger;
  store: Store;
  /** The async, engine-neutral store (issue 10); features move onto it from `store` one by one. */
  data: AsyncStore;
  tokens: TokenService;
  docs: DocAccess;
  metrics: Metrics;
  /** Removed people and rotated links, with hooks for what must follow them. */
  access: Access;
  storeHealth: StoreHealth;
  /** Server writes a route confirms only once stored. */
  writes: StoredWrites;
}
