import { describe, expect, it } from 'vitest';
import { PresenterView } from '../../client/session/useControlFollow';

const fay = { id: 'p-fay', name: 'Fay', color: '#2563eb', role: 'facilitator' as const };
const eve = { id: 'p-eve', name: 'Eve', color: '#dc2626', role: 'participant' as const };
const at = (x: number, y: number, zoom: number) => ({ x, y, zoom });

describe('following the presenter', () => {
  it('follows the presenter’s tab whose view moved last, not the one that happens to come first', () => {
    const view = new PresenterView(fay.id);
    const states = new Map<number, unknown>([
      [1, { user: fay, viewport: at(0, 0, 1) }],
      [2, { user: fay, viewport: at(0.5, 0.5, 2) }],
    ]);
    view.read(states);
    // The projector tab (1) stands still while the laptop tab (2) pans.
    states.set(2, { user: fay, viewport: at(0.6, 0.4, 2) });
    expect(view.read(states)).toEqual(at(0.6, 0.4, 2));
    states.set(1, { user: fay, viewport: at(-0.2, 0, 1) });
    expect(view.read(states)).toEqual(at(-0.2, 0, 1));
    expect(view.read(states)).toEqual(at(-0.2, 0, 1));
  });

  it('ignores everyone else’s views and states without a usable viewport', () => {
    const view = new PresenterView(fay.id);
    const states = new Map<number, unknown>([
      [1, { user: fay, viewport: at(0.1, 0.1, 1) }],
      [2, { user: eve, viewport: at(-0.9, -0.9, 4) }],
      [3, { user: fay, viewport: { x: 'left', y: 0, zoom: 1 } }],
    ]);
    expect(view.read(states)).toEqual(at(0.1, 0.1, 1));
    states.delete(1);
    expect(view.read(states)).toBeNull();
  });
});
