import { z } from 'zod';
import { resolve } from 'node:path';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const ConfigSchema = z.object({
  PORT: int(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(LEVELS).default('info'),
  SESSION_SECRET: z.string().min(32).optional(),
  STATIC_DIR: z.string().min(1).default('./dist/client'),
  MAX_FRAME_BYTES: int(2 * 1024 * 1024),
  MAX_DOC_BYTES: int(16 * 1024 * 1024),
  MAX_NOTES: int(5000),
  MAX_TEXT: int(500),
  MAX_AWARENESS_BYTES: int(8 * 1024),
  MAX_PARTICIPANTS: int(500),
  MAX_MESSAGES_PER_SECOND: int(200),
  MAX_BODY_BYTES: int(64 * 1024),
  ROOM_IDLE_MS: int(10_000),
  COMPACT_EVERY: int(500),
  AWARENESS_FLUSH_MS: int(40),
  AWARENESS_KEEPALIVE_MS: int(15_000),
  // Per client address and minute; tests set them low.
  RATE_CREATE_PER_MINUTE: int(30),
  RATE_JOIN_PER_MINUTE: int(60),
  // Wrong join codes an address may try per minute before it must wait.
  RATE_CODE_PER_MINUTE: int(10),
  // Version history: at most one periodic snapshot per interval while the board changes.
  HISTORY_INTERVAL_MS: int(2 * 60_000),
  HISTORY_KEEP: int(200),
});

export type Config = z.infer<typeof ConfigSchema> & { publicUrl: string; dataDir: string };

/** Reads configuration from environment variables; throws a readable message on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const c = { ...parsed.data, ...overrides };
  return {
    ...c,
    dataDir: resolve(c.DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
  };
}
