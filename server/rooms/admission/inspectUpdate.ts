import * as Y from 'yjs';

/** How deep one update may nest types it creates (note → moves/text/comments → comment is 3). */
export const MAX_NEW_TYPE_DEPTH = 4;

export type Inspection =
  /** Every struct and deleted range is understood; `writers` are the client ids it writes under. */
  | { kind: 'complete'; writers: Set<number> }
  /** It builds on history the document lacks: applying it would leave pending data. */
  | { kind: 'incomplete'; reason: string }
  /** It can never be admitted: not a Yjs update at all (`undecodable`), or content the schema has no place for. */
  | { kind: 'malformed'; reason: string; undecodable?: true };

type Struct = Y.Item | Y.GC | Y.Skip;
/** The shape of Yjs's delete set, which its typings do not export. */
interface DeleteSet {
  clients: Map<number, Array<{ clock: number; len: number }>>;
}

/** Per client: the clocks below this are known, in the document or in the update itself. */
type KnownEnds = Map<number, number>;

function knownEnd(ends: KnownEnds, doc: Y.Doc, client: number): number {
  return ends.get(client) ?? Y.getState(doc.store, client);
}

function exists(id: Y.ID | null, ends: KnownEnds, doc: Y.Doc): boolean {
  return id === null || id.clock < knownEnd(ends, doc, id.client);
}

function isAllowedContent(item: Y.Item): boolean {
  const c = item.content;
  if (c instanceof Y.ContentAny || c instanceof Y.ContentString || c instanceof Y.ContentDeleted) return true;
  if (c instanceof Y.ContentType) {
    const kind = c.type.constructor;
    return kind === Y.Map || kind === Y.Text || kind === Y.Array;
  }
  return false;
}

/** The update's own items by client, in clock order, for looking up where an id falls. */
class UpdateIndex {
  private byClient = new Map<number, Y.Item[]>();
  constructor(structs: Struct[]) {
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue;
      let list = this.byClient.get(s.id.client);
      if (!list) this.byClient.set(s.id.client, (list = []));
      list.push(s);
    }
  }
  find(id: Y.ID): Y.Item | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  }
}

/**
 * How many types this update creates on the way from an item up to something that already
 * exists (a root or a type in the document). Walks origins iteratively and memoises, so long
 * runs of text cost one pass.
 */
function newTypeDepths(structs: Struct[], index: UpdateIndex): number {
  // For each update item: the update item that is its parent type, or null when the parent already exists.
  const parentOf = new Map<Y.Item, Y.Item | null>();
  const resolve = (start: Y.Item): Y.Item | null => {
    const chain: Y.Item[] = [];
    let item: Y.Item | null = start;
    let found: Y.Item | null = null;
    while (item && !parentOf.has(item)) {
      chain.push(item);
      const p = item.parent;
      if (p instanceof Y.ID) {
        found = index.find(p);
        item = null;
      } else if (p !== null) {
        found = null; // a root
        item = null;
      } else {
        const sibling: Y.ID | null = item.origin ?? item.rightOrigin;
        const next: Y.Item | null = sibling ? index.find(sibling) : null;
        if (!next) {
          found = null; // sibling lives in the document, so does the parent
          item = null;
        } else item = next;
      }
    }
    if (item && parentOf.has(item)) found = parentOf.get(item)!;
    for (const c of chain) parentOf.set(c, found);
    return found;
  };
  const depth = new Map<Y.Item, number>();
  let max = 0;
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentType)) continue;
    // Parent types come first in an update only sometimes, so walk up and fill in on the way down.
    const path: Y.Item[] = [];
    let cur: Y.Item | null = s;
    while (cur && !depth.has(cur) && path.length <= MAX_NEW_TYPE_DEPTH + 1) {
      path.push(cur);
      cur = resolve(cur);
    }
    let d = cur && depth.has(cur) ? depth.get(cur)! : 0;
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++d);
    max = Math.max(max, d);
    if (max > MAX_NEW_TYPE_DEPTH) return max;
  }
  return max;
}

/**
 * Decodes a client's update completely and judges, before anything of it touches the room's
 * document, whether Yjs would integrate all of it: every struct contiguous with what the
 * document has, every origin, right origin, parent and deleted range known, only content
 * kinds and root names the schema uses, and no deep nesting of new types.
 */
export function inspectUpdate(update: Uint8Array, doc: Y.Doc, roots: ReadonlySet<string>): Inspection {
  let decoded: { structs: Struct[]; ds: DeleteSet };
  try {
    decoded = Y.decodeUpdate(update) as unknown as { structs: Struct[]; ds: DeleteSet };
  } catch {
    return { kind: 'malformed', reason: 'update could not be decoded', undecodable: true };
  }
  const { structs, ds } = decoded;
  const ends: KnownEnds = new Map();
  const writers = new Set<number>();
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const { client, clock } = s.id;
    const end = knownEnd(ends, doc, client);
    if (clock > end) return { kind: 'incomplete', reason: 'update continues history the server does not have' };
    ends.set(client, Math.max(end, clock + s.length));
    if (clock + s.length > Y.getState(doc.store, client)) writers.add(client);
  }
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    if (!exists(s.origin, ends, doc) || !exists(s.rightOrigin, ends, doc)) {
      return { kind: 'incomplete', reason: 'update refers to content the server does not have' };
    }
    const parent = s.parent;
    if (parent instanceof Y.ID) {
      if (!exists(parent, ends, doc)) return { kind: 'incomplete', reason: 'update refers to a parent the server does not have' };
    } else if (typeof parent === 'string') {
      // The decoder names a root parent by its key.
      const root: string = parent;
      if (!roots.has(root)) return { kind: 'malformed', reason: `unknown top-level field "${root.slice(0, 40)}"` };
    } else if (s.origin === null && s.rightOrigin === null) {
      return { kind: 'malformed', reason: 'struct without a place in the document' };
    }
    if (!isAllowedContent(s)) return { kind: 'malformed', reason: 'update carries a kind of content the board does not use' };
  }
  for (const [client, ranges] of ds.clients) {
    const end = knownEnd(ends, doc, client);
    for (const r of ranges) {
      if (r.clock + r.len > end) return { kind: 'incomplete', reason: 'update deletes content the server does not have' };
    }
  }
  if (newTypeDepths(structs, new UpdateIndex(structs)) > MAX_NEW_TYPE_DEPTH) {
    return { kind: 'malformed', reason: `types nested deeper than ${MAX_NEW_TYPE_DEPTH} levels` };
  }
  return { kind: 'complete', writers };
}
