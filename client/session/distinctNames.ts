interface Named {
  id: string;
  name: string;
  joinedAt: number;
}

/**
 * Two people who typed the same name are told apart by when they joined: the first keeps it,
 * the next is "Ana (2)", and so on. Names differing only in case or spacing count as the same.
 */
export function withDistinctNames<T extends Named>(people: readonly T[]): T[] {
  const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  const seen = new Map<string, number>();
  const byJoin = [...people].sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  const shown = new Map<string, string>();
  for (const p of byJoin) {
    const n = (seen.get(key(p.name)) ?? 0) + 1;
    seen.set(key(p.name), n);
    shown.set(p.id, n === 1 ? p.name : `${p.name.trim()} (${n})`);
  }
  return people.map((p) => (shown.get(p.id) === p.name ? p : { ...p, name: shown.get(p.id)! }));
}
