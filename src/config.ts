// Configuration comes from the environment only, validated at start: a wrong value stops the process
// with a message naming the variable, before anything listens or writes.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const optional = z.string().trim().min(1).optional().catch(undefined);
const secret = (name: string, prefix?: string) =>
  z.string().trim().min(1).optional().refine((v) => v === undefined || !prefix || v.startsWith(prefix), {
    message: `${name} should start with "${prefix}"`,
  });

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().trim().optional().transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^(file:|postgres(ql)?:\/\/)/i.test(v), {
      message: 'DATABASE_URL must be file:./path.db (embedded SQLite) or postgres://user:password@host:5432/db',
    }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Whether this process carries out deliveries (the job worker); `off` makes a replica that only answers requests. */
  PARCOURS_WORKER: z.enum(['on', 'off']).default('on'),
  /** Days a workspace's data is kept after the app was removed from it (a reinstall within them keeps everything). */
  PARCOURS_UNINSTALL_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Language of texts shown before a workshop has its own (the workspace's default). */
  PARCOURS_LANGUAGE: z.enum(['fr', 'en']).default('en'),
  /** 32-byte key, base64 or hex, that encrypts stored platform tokens (Slack OAuth installations). */
  PARCOURS_ENCRYPTION_KEY: z.string().trim().optional().refine((v) => v === undefined || decodeKey(v) !== null, {
    message: 'PARCOURS_ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64 (openssl rand -base64 32)',
  }),
  SLACK_BOT_TOKEN: secret('SLACK_BOT_TOKEN', 'xoxb-'),
  SLACK_SIGNING_SECRET: secret('SLACK_SIGNING_SECRET'),
  SLACK_APP_TOKEN: secret('SLACK_APP_TOKEN', 'xapp-'),
  SLACK_CLIENT_ID: secret('SLACK_CLIENT_ID'),
  SLACK_CLIENT_SECRET: secret('SLACK_CLIENT_SECRET'),
  SLACK_STATE_SECRET: secret('SLACK_STATE_SECRET'),
  /** Slack Web API base URL; tests point it at a local fake server. */
  SLACK_API_URL: optional,
  MICROSOFT_APP_ID: secret('MICROSOFT_APP_ID'),
  MICROSOFT_APP_PASSWORD: secret('MICROSOFT_APP_PASSWORD'),
  MICROSOFT_APP_TENANT_ID: secret('MICROSOFT_APP_TENANT_ID'),
  /** `loopback`: Teams without credentials, for local development only (loopback clients and serviceUrls). */
  TEAMS_DEV_MODE: z.enum(['loopback']).optional(),
  /** Where this server's root is reachable from the internet: links to maps and documents are made under it. */
  PARCOURS_PUBLIC_URL: optional.refine((v) => v === undefined || publicUrl(v) !== null, {
    message: 'PARCOURS_PUBLIC_URL must be an https:// address (http:// only on localhost), with no query or fragment',
  }),
  /** Signs those links; at least 32 characters (openssl rand -base64 32). */
  PARCOURS_URL_SECRET: z.string().trim().optional().transform((v) => (v ? v : undefined)).refine((v) => v === undefined || v.length >= 32, {
    message: 'PARCOURS_URL_SECRET must be at least 32 characters (openssl rand -base64 32)',
  }),
  /** The language model (src/llm): OpenAI, Azure OpenAI or any OpenAI-compatible server. */
  OPENAI_API_KEY: secret('OPENAI_API_KEY'),
  OPENAI_BASE_URL: z.string().trim().optional().transform((v) => (v ? v : undefined)).refine((v) => v === undefined || modelServerUrl(v), {
    message: 'OPENAI_BASE_URL must be an http:// or https:// address with no user name or password (the key goes in OPENAI_API_KEY), e.g. https://api.openai.com/v1 or http://localhost:11434/v1',
  }),
  OPENAI_MODEL: optional,
  /** Tokens the model may spend on one workshop, from the usage each answer reports. */
  PARCOURS_AI_TOKEN_BUDGET: z.coerce.number().int().min(0).max(1_000_000_000).default(200_000),
});

/** Credentials in the URL are refused: fetch() will not send them, and the URL would carry a secret around. */
function modelServerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * A self-hosted server (vLLM, Ollama…) needs no key, but the SDK refuses to start without one: it gets this
 * placeholder, which such servers ignore.
 */
export const NO_API_KEY = 'not-needed';

/**
 * The public address, without a trailing slash; null when not acceptable. Chat platforms fetch images over
 * HTTPS only (Teams refuses anything else), so plain http is allowed on a loopback host alone, for tests
 * and local development.
 */
export function publicUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (url.search || url.hash || url.username || url.password) return null;
  return url.toString().replace(/\/+$/, '');
}

export function decodeKey(value: string): Buffer | null {
  const buffer = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return buffer.length === 32 ? buffer : null;
}

export type SlackMode =
  | { kind: 'off'; missing: string[] }
  | { kind: 'socket'; distribution: boolean }
  | { kind: 'http'; distribution: boolean };

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  language: 'fr' | 'en';
  /** This process runs the job worker. */
  worker: boolean;
  uninstallGraceDays: number;
  encryptionKey: Buffer | null;
  slack: {
    mode: SlackMode;
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    apiUrl?: string;
  };
  /** `devMode`: unauthenticated, loopback only (TEAMS_DEV_MODE=loopback), and only when no app id is set. */
  teams: { configured: boolean; appId?: string; appPassword?: string; tenantId?: string; devMode: boolean };
  /**
   * Signed links to maps and documents (src/http/files.ts); null when PARCOURS_PUBLIC_URL is not set. The
   * secret is held as a KeyObject: printed or serialised by mistake, it shows no byte of the secret.
   */
  files: { publicUrl: string; key: KeyObject } | null;
  /**
   * The language model; null (AI off, every suggestion from its fallback) unless OPENAI_MODEL is set with a key
   * or a base URL. The key is a KeyObject for the same reason as `files.key`; `baseURL` null is OpenAI's.
   */
  ai: { model: string; apiKey: KeyObject; baseURL: string | null; tokenBudget: number } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function slackMode(e: z.infer<typeof EnvSchema>): SlackMode {
  const distribution = Boolean(e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET);
  if (!e.SLACK_BOT_TOKEN && !distribution) return { kind: 'off', missing: ['SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)'] };
  if (e.SLACK_APP_TOKEN) return { kind: 'socket', distribution };
  if (!e.SLACK_SIGNING_SECRET) return { kind: 'off', missing: ['SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'] };
  return { kind: 'http', distribution };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const mode = slackMode(e);
  if (mode.kind !== 'off' && mode.distribution && !e.PARCOURS_ENCRYPTION_KEY) {
    problems.push('PARCOURS_ENCRYPTION_KEY: required with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET, to encrypt the stored installation tokens');
  }
  if (mode.kind !== 'off' && mode.distribution && !e.SLACK_STATE_SECRET) {
    problems.push('SLACK_STATE_SECRET: required with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET, to sign the OAuth state');
  }
  if (Boolean(e.MICROSOFT_APP_ID) !== Boolean(e.MICROSOFT_APP_PASSWORD)) {
    problems.push('MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: set both or neither');
  }
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_TENANT_ID) {
    problems.push('MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_ID (new Azure bots are single-tenant)');
  }
  if (e.PARCOURS_PUBLIC_URL && !e.PARCOURS_URL_SECRET) {
    problems.push('PARCOURS_URL_SECRET: required with PARCOURS_PUBLIC_URL, to sign the links to maps and documents (openssl rand -base64 32)');
  }
  if (e.OPENAI_MODEL && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    problems.push('OPENAI_MODEL: needs OPENAI_API_KEY (OpenAI, Azure OpenAI) or OPENAI_BASE_URL (a server of your own)');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    logLevel: e.LOG_LEVEL,
    language: e.PARCOURS_LANGUAGE,
    worker: e.PARCOURS_WORKER === 'on',
    uninstallGraceDays: e.PARCOURS_UNINSTALL_GRACE_DAYS,
    encryptionKey: e.PARCOURS_ENCRYPTION_KEY ? decodeKey(e.PARCOURS_ENCRYPTION_KEY) : null,
    slack: {
      mode, botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN,
      clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET, apiUrl: e.SLACK_API_URL,
    },
    teams: { configured: Boolean(e.MICROSOFT_APP_ID && e.MICROSOFT_APP_PASSWORD), appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, tenantId: e.MICROSOFT_APP_TENANT_ID, devMode: !e.MICROSOFT_APP_ID && e.TEAMS_DEV_MODE === 'loopback' },
    files: e.PARCOURS_PUBLIC_URL && e.PARCOURS_URL_SECRET
      ? { publicUrl: publicUrl(e.PARCOURS_PUBLIC_URL)!, key: createSecretKey(Buffer.from(e.PARCOURS_URL_SECRET, 'utf8')) }
      : null,
    ai: e.OPENAI_MODEL && (e.OPENAI_API_KEY || e.OPENAI_BASE_URL)
      ? {
        model: e.OPENAI_MODEL,
        apiKey: createSecretKey(Buffer.from(e.OPENAI_API_KEY ?? NO_API_KEY, 'utf8')),
        baseURL: e.OPENAI_BASE_URL ?? null,
        tokenBudget: e.PARCOURS_AI_TOKEN_BUDGET,
      }
      : null,
  };
}
