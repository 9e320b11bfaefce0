import { describe, expect, it, vi, afterEach } from 'vitest';
import * as Y from 'yjs';
import { createNote, moveNote } from '@shared/schema/board';
import { resolveWording, STANDARD_WORDING } from '@shared/schema/wording';
import { DIGEST_MS, digestText, watchActivity } from '../../client/session/activityDigest';

afterEach(() => vi.useRealTimers());

describe('the digest of what others did', () => {
  it('counts new notes and moves per path, in reading order', () => {
    expect(
      digestText(
        [
          { kind: 'new', to: 'product-resonance' },
          { kind: 'moved', to: 'technology' },
          { kind: 'new', to: 'product-resonance' },
          { kind: 'new', to: 'collective-values' },
          { kind: 'new', to: 'product-resonance' },
        ],
        STANDARD_WORDING,
      ),
    ).toBe('1 new note in Collective Values. 3 new notes in Product Resonance. 1 note moved to Technology.');
    expect(digestText([], STANDARD_WORDING)).toBe('');
  });

  it("names the paths in the workshop's own words", () => {
    const wording = resolveWording({ 'technology.name': 'Tools first' });
    expect(digestText([{ kind: 'moved', to: 'technology' }], wording)).toBe('1 note moved to Tools first.');
  });

  it('speaks once for a burst of remote changes, and never for our own', () => {
    vi.useFakeTimers();
    let clock = 0;
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const said: string[] = [];
    const stop = watchActivity(mine, (t) => said.push(t), () => STANDARD_WORDING, () => clock);
    clock = 10_000;
    const sync = () => Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)));
    for (let i = 0; i < 3; i++) createNote(theirs, { x: 0.5, y: 0.5, color: 'yellow', text: `idea ${i}`, authorId: 'p-ben' });
    const moving = createNote(mine, { x: 1.5, y: 0.8, color: 'yellow', text: 'mine', authorId: 'p-ana' });
    sync();
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    moveNote(theirs, moving, -0.5, -0.5, 'p-ben');
    sync();
    moveNote(mine, moving, -0.5, 0.5, 'p-ana');
    vi.advanceTimersByTime(DIGEST_MS);
    expect(said).toEqual(['3 new notes in Product Resonance. 1 note moved to Technology.']);
    stop();
  });
});
