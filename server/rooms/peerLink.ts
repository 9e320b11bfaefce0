// Whether any other instance listens on a room's channel, as Redis's answers to our publishes and
// the peers' own messages tell it.

/** What a room knows of the other instances on its channel. */
export interface PeerLink {
  /**
   * True once a publish reached only our own subscription: no other instance holds the room, so
   * its presence stays off the bus until one does (its hello, or any message of its, says so).
   */
  alone: boolean;
  /** Messages heard from other instances so far: a publish's answer that is older than one of them says nothing of now. */
  heard: number;
}

/** Tells the link how many subscribers a publish reached, unless a peer has spoken since it went out. */
export function listenerCount(link: PeerLink): (subscribers: number) => void {
  const heardBefore = link.heard;
  return (subscribers) => {
    if (subscribers > 1) link.alone = false;
    else if (link.heard === heardBefore) link.alone = true;
  };
}
