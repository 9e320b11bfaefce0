import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@shared/roles';

/** A random secret of 128 bits, URL-safe. */
export function newKey(): string {
  return randomBytes(16).toString('base64url');
}

export function newId(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}

// Keys carry 128 random bits, so a fast hash is enough to keep them out of the store.
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The role a presented key opens, compared in constant time. */
export function roleForKey(key: string, hashes: Record<Role, string>): Role | null {
  const presented = Buffer.from(hashKey(key), 'hex');
  let found: Role | null = null;
  for (const role of ROLES) {
    const stored = Buffer.from(hashes[role], 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) found = role;
  }
  return found;
}
