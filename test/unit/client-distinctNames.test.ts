import { describe, expect, it } from 'vitest';
import { withDistinctNames } from '../../client/session/distinctNames';

const person = (id: string, name: string, joinedAt: number) => ({ id, name, joinedAt, role: 'participant' as const });

describe('telling people with the same name apart', () => {
  it('numbers later namesakes by when they joined, whatever the order given', () => {
    const people = [person('c', 'Ana', 30), person('a', 'Ana', 10), person('b', 'Ben', 20), person('d', 'ana ', 40)];
    expect(withDistinctNames(people).map((p) => [p.id, p.name])).toEqual([
      ['c', 'Ana (2)'],
      ['a', 'Ana'],
      ['b', 'Ben'],
      ['d', 'ana (3)'],
    ]);
  });

  it('leaves distinct names and the other fields untouched', () => {
    const people = [person('a', 'Ana', 1), person('b', 'Ben', 2)];
    expect(withDistinctNames(people)).toEqual(people);
  });
});
