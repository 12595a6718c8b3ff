// Structured logs with pino. Secrets never reach a log line: known secret-bearing keys are censored
// wherever they appear, and database URLs are logged only in redacted form (see db/client.ts).
import pino, { type Logger } from 'pino';

export type { Logger };

const SECRET_PATHS = [
  'token', 'botToken', 'appToken', 'userToken', 'accessToken', 'refreshToken', 'clientSecret', 'signingSecret',
  'stateSecret', 'password', 'appPassword', 'encryptionKey', 'authorization', 'apiKey',
];

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'parcours' },
    redact: {
      paths: [...SECRET_PATHS, ...SECRET_PATHS.map((p) => `*.${p}`), ...SECRET_PATHS.map((p) => `*.*.${p}`), 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  }, destination);
}
