import { describe, expect, it } from 'vitest';
import { initials } from '../../client/panels/initials';

describe('the initials on an avatar', () => {
  it('take the first letters of the first and last words, or two letters of one word', () => {
    expect(initials('Ana Lima')).toBe('AL');
    expect(initials('María José de la Cruz')).toBe('MC');
    expect(initials('ben')).toBe('BE');
  });

  it('count letters and digits only, so the second Fran reads F2 rather than F(', () => {
    expect(initials('Fran (2)')).toBe('F2');
    expect(initials('"Yuki"')).toBe('YU');
    expect(initials('— Ana —')).toBe('AN');
  });

  it('never split a character made of several code units', () => {
    expect(initials('Łukasz Żak')).toBe('ŁŻ');
    expect(initials('東京 チーム')).toBe('東チ');
    expect(initials('🎉🎉')).toBe('🎉');
    expect(initials('   ')).toBe('?');
  });
});
