import pino from 'pino';

export type Logger = pino.Logger;

// Keys and tokens must never reach a log line, whatever path they travel.
const REDACT = ['token', 'key', 'keys', 'req.headers.authorization', 'req.query.token', '*.token', '*.key'];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined });
}
