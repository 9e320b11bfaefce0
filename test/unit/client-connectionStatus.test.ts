import { describe, expect, it } from 'vitest';
import { linkState, OFFLINE_AFTER_FAILURES, type LinkFacts } from '../../client/session/connectionStatus';
import { isPermanentRefusal } from '../../client/session/connection';

const base: LinkFacts = { online: true, allOpen: false, everConnected: false, failedAttempts: 0, refusal: null };

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
