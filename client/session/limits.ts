import { useSyncExternalStore } from 'react';
import { DEFAULT_LIMITS, readLimits, type Limits } from '@shared/limits';
import { requestJson } from '../api/http';

// The server's limits (GET /api/config), asked once per page. Until they arrive, or while the
// server cannot be reached, the defaults hold; the next subscriber asks again after a failure.

class LimitsStore {
  private limits: Limits = DEFAULT_LIMITS;
  private asking: Promise<void> | null = null;
  private listeners = new Set<() => void>();

  get = (): Limits => this.limits;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    void this.load();
    return () => this.listeners.delete(listener);
  };

  /** Asks the server once; resolves when the answer (or the failure) is in. */
  load(): Promise<void> {
    this.asking ??= requestJson('/api/config').then(
      (body) => {
        const limits = readLimits(body.limits);
        if (!limits) return;
        this.limits = limits;
        for (const l of this.listeners) l();
      },
      () => {
        this.asking = null;
      },
    );
    return this.asking;
  }
}

/** The page's one copy of the limits; commands outside React read it with get(). */
export const limitsStore = new LimitsStore();

/** The server's limits in a component, re-rendered when they arrive. */
export function useLimits(): Limits {
  return useSyncExternalStore(limitsStore.subscribe, limitsStore.get);
}
