import { expect, it } from 'vitest';
import { listenerCount, type PeerLink } from '../../server/rooms/peerLink';

it('goes quiet when a publish reached only ourselves, and back on the bus when one reached a peer', () => {
  const link: PeerLink = { alone: false, heard: 0 };
  listenerCount(link)(1);
  expect(link.alone).toBe(true);
  listenerCount(link)(2);
  expect(link.alone).toBe(false);
});

it('does not go quiet on an answer older than a message a peer sent since', () => {
  const link: PeerLink = { alone: false, heard: 0 };
  const answer = listenerCount(link);
  // A peer loads the room and says hello before Redis's answer to our earlier publish is read.
  link.heard++;
  answer(1);
  expect(link.alone).toBe(false);
});
