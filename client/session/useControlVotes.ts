import { useCallback, useEffect, useState } from 'react';
import { requestJson, workshopPath, type Json } from '../api/http';

// The HTTP side of the session: dot votes (the server keeps each person's budget) and "I'm done".

export interface MyVotes {
  remaining: number;
  /** Note id → how many of my votes it has. */
  notes: Record<string, number>;
}

function readMyVotes(o: Json): MyVotes {
  const notes: Record<string, number> = {};
  if (typeof o.notes === 'object' && o.notes !== null) {
    for (const [id, n] of Object.entries(o.notes)) if (typeof n === 'number' && n > 0) notes[id] = n;
  }
  return { remaining: typeof o.remaining === 'number' ? Math.max(0, o.remaining) : 0, notes };
}

export interface VoteState {
  /** Null until loaded (or when voting is not open). */
  mine: MyVotes | null;
  error: string | null;
  busy: boolean;
  cast(noteId: string, delta: 1 | -1): Promise<void>;
}

/**
 * My votes while voting is open: loaded from the server, updated from each vote's answer.
 * A facilitator voting for someone in the room passes that person's id.
 */
export function useMyVotes(workshopId: string, token: string, open: boolean, onBehalfOf: string | null, perParticipant: number): VoteState {
  const [mine, setMine] = useState<MyVotes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const query = onBehalfOf ? `?onBehalfOf=${encodeURIComponent(onBehalfOf)}` : '';

  useEffect(() => {
    setMine(null);
    setError(null);
    if (!open) return;
    let live = true;
    requestJson(`${workshopPath(workshopId)}/votes/mine${query}`, { token })
      .then((body) => live && setMine(readMyVotes(body)))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [workshopId, token, open, query, perParticipant]);

  const cast = useCallback(
    async (noteId: string, delta: 1 | -1) => {
      setBusy(true);
      try {
        const body = await requestJson(`${workshopPath(workshopId)}/votes`, { token, body: { noteId, delta, ...(onBehalfOf ? { onBehalfOf } : {}) } });
        setMine(readMyVotes(body));
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [workshopId, token, onBehalfOf],
  );

  return { mine, error, busy, cast };
}

/** "I'm done" (or not yet) for the current phase. */
export async function sendDone(workshopId: string, token: string, done: boolean): Promise<void> {
  await requestJson(`${workshopPath(workshopId)}/done`, { token, body: { done } });
}

const PROGRESS_POLL_MS = 2000;

/** How many people have voted, for the facilitator while a vote is open (polled: it is never published to the room). */
export function useVoterCount(workshopId: string, token: string, active: boolean): number | null {
  const [voted, setVoted] = useState<number | null>(null);
  useEffect(() => {
    setVoted(null);
    if (!active) return;
    let live = true;
    const poll = () =>
      requestJson(`${workshopPath(workshopId)}/votes/progress`, { token })
        .then((body) => {
          const n = body.voted;
          if (live && typeof n === 'number') setVoted(n);
        })
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, PROGRESS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [workshopId, token, active]);
  return voted;
}
