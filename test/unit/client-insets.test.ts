import { describe, expect, it } from 'vitest';
import { coveredInsets } from '../../client/canvas/insets';

const screen = { width: 1280, height: 800 };

describe('room left around a fitted board', () => {
  it('keeps clear of a top bar, a bottom toolbar and a panel docked on the left', () => {
    const insets = coveredInsets(
      [
        { left: 12, top: 10, right: 440, bottom: 54 }, // title
        { left: 340, top: 8, right: 940, bottom: 100 }, // phase banner
        { left: 314, top: 730, right: 966, bottom: 786 }, // toolbar
        { left: 12, top: 66, right: 298, bottom: 722 }, // facilitator panel
      ],
      screen,
    );
    expect(insets.top).toBe(112);
    expect(insets.bottom).toBe(82);
    expect(insets.left).toBe(310);
    expect(insets.right).toBe(12);
  });

  it('stacks a banner under the top bar and zoom buttons above a phone toolbar', () => {
    const phone = { width: 390, height: 844 };
    const insets = coveredInsets(
      [
        { left: 12, top: 11, right: 197, bottom: 49 }, // title
        { left: 250, top: 8, right: 378, bottom: 52 }, // presence and connection
        { left: 12, top: 56, right: 378, bottom: 199 }, // phase banner under them
        { left: 8, top: 780, right: 364, bottom: 836 }, // toolbar
        { left: 246, top: 718, right: 382, bottom: 774 }, // zoom buttons above it
      ],
      phone,
    );
    expect(insets).toEqual({ top: 211, right: 2, bottom: 138, left: 2 });
  });

  it('counts a corner widget against the edge where it takes less room', () => {
    const zoom = { left: 1042, top: 730, right: 1268, bottom: 786 };
    expect(coveredInsets([zoom], screen)).toMatchObject({ bottom: 82, right: 12 });
  });

  it('ignores dialogs in the middle and overlays over everything', () => {
    const insets = coveredInsets(
      [
        { left: 400, top: 300, right: 880, bottom: 500 },
        { left: 0, top: 0, right: 1280, bottom: 800 },
      ],
      screen,
    );
    expect(insets).toEqual({ top: 12, right: 12, bottom: 12, left: 12 });
  });
});
