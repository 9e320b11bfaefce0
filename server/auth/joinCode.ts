import { createHash, randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O or U, so a code read aloud or off a screen is typed right.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8; // 8 × 5 bits = 40 random bits

/** A fresh join code, 40 random bits as 8 Crockford base32 characters. */
export function newJoinCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** `7K2M9QXD` → `7K2M-9QXD`, easier to read across a room. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed, as a canonical code, or null when it cannot be one. */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (code.length !== LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

export function hashJoinCode(code: string): string {
  return createHash('sha256').update(`join-code:${code}`).digest('hex');
}
