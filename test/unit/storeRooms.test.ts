import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqliteStore';

describe('listing a workshop’s rooms in the store', () => {
  it('finds rooms of ids with underscores and percent signs, and only those', () => {
    const store = openSqliteStore(':memory:');
    const u = new Uint8Array([0, 0]);
    store.appendUpdates([
      { room: 'ab_c/drafts/p1', update: u },
      { room: 'abXc/drafts/p2', update: u },
      { room: 'a%b/drafts/p3', update: u },
    ]);
    store.compact('ab_c/drafts/p4', u);
    expect(store.listRooms('ab_c/drafts/').sort()).toEqual(['ab_c/drafts/p1', 'ab_c/drafts/p4']);
    expect(store.listRooms('a%b/')).toEqual(['a%b/drafts/p3']);
    store.close();
  });
});
