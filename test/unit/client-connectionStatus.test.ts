import { describe, expect, it } from 'vitest';
import { isStale, linkState, OFFLINE_AFTER_FAILURES, STALE_AFTER_MS, type LinkFacts } from '../../client/session/connectionStatus';
import { isPermanentRefusal } from '@shared/protocol';

const base: LinkFacts = { online: true, allOpen: false, everConnected: false, failedAttempts: 0, refusal: null, stale: false };

describe('connection indicator', () => {
  it('says connecting before the first connection and connected once every room is open', () => {
    expect(linkState(base)).toBe('connecting');
    expect(linkState({ ...base, allOpen: true, everConnected: true })).toBe('connected');
  });

  it('says reconnecting after losing a connection, and offline once attempts keep failing', () => {
    expect(linkState({ ...base, everConnected: true, failedAttempts: 1 })).toBe('reconnecting');
    expect(linkState({ ...base, everConnected: true, failedAttempts: OFFLINE_AFTER_FAILURES })).toBe('offline');
  });

  it('says offline at once when the device has no network', () => {
    expect(linkState({ ...base, everConnected: true, online: false })).toBe('offline');
  });

  it('says offline when the network is gone even though the sockets still look open', () => {
    expect(linkState({ ...base, allOpen: true, everConnected: true, online: false })).toBe('offline');
    expect(linkState({ ...base, allOpen: true, everConnected: true, stale: true })).toBe('offline');
  });

  it('takes an open socket for dead once the heartbeat has gone unanswered for four seconds', () => {
    expect(isStale(true, 1000, 1000 + STALE_AFTER_MS - 1)).toBe(false);
    expect(isStale(true, 1000, 1000 + STALE_AFTER_MS + 1)).toBe(true);
    expect(isStale(false, 1000, 1000 + STALE_AFTER_MS + 1)).toBe(false);
  });

  it('shows a refusal above everything else', () => {
    expect(linkState({ ...base, allOpen: true, refusal: { code: 4403, reason: 'forbidden' } })).toBe('refused');
  });

  it('treats 4400–4499 closes as final, except being rate limited', () => {
    expect(isPermanentRefusal(4401)).toBe(true);
    expect(isPermanentRefusal(4404)).toBe(true);
    expect(isPermanentRefusal(4429)).toBe(false);
    expect(isPermanentRefusal(1006)).toBe(false);
    expect(isPermanentRefusal(4500)).toBe(false);
  });
});
