import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasNewContent } from '../../server/rooms/admission/judgeUpdate';

describe('telling a refused write apart from an echo of known state', () => {
  it('sees new content in an update that continues a writer’s history', () => {
    const server = new Y.Doc();
    const writer = new Y.Doc();
    writer.getMap('notes').set('a', 1);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
    const before = Y.encodeStateVector(writer);
    writer.getMap('notes').set('b', 2);
    const second = Y.encodeStateAsUpdate(writer, before);
    expect(hasNewContent(second, server)).toBe(true);
  });

  it('finds nothing new in state the server already has', () => {
    const server = new Y.Doc();
    server.getMap('notes').set('a', 1);
    const echo = Y.encodeStateAsUpdate(server);
    expect(hasNewContent(echo, server)).toBe(false);
  });
});
