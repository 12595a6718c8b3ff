// Retrying the Bot Connector's passing refusals: 429 (too many requests: Teams allows about 7 messages a second
// per conversation), 412 (concurrent operations on one conversation) and 5xx. Exponential backoff with full
// jitter, never sooner than the connector's Retry-After, a few attempts within a bounded time; then the error
// is thrown and the job queue tries again later (a job never loses a change). Other 4xx are answers, not
// accidents: they are thrown at once. sdk.ts removes botbuilder's own retry policy so nothing is retried twice.
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first backoff's ceiling; it doubles with each attempt, up to `capMs`. */
  baseMs: number;
  capMs: number;
  /** No wait begins that would end later than this after the first attempt. */
  budgetMs: number;
}

export const CONNECTOR_RETRY: RetryPolicy = { attempts: 5, baseMs: 400, capMs: 8_000, budgetMs: 20_000 };

/** The HTTP status of a connector error, wherever botbuilder (or @azure/core-rest-pipeline) put it. */
export function statusOfError(error: unknown): number | null {
  const e = (error ?? {}) as { statusCode?: unknown; response?: { status?: unknown } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.response?.status === 'number' ? e.response.status : null;
  return status;
}

export function isRetryableStatus(status: number | null): boolean {
  return status === 429 || status === 412 || (status !== null && status >= 500 && status <= 599);
}

/** Retry-After (seconds, or an HTTP date) of a connector error, in milliseconds; null when absent. */
export function retryAfterMs(error: unknown, now = Date.now()): number | null {
  const headers = ((error ?? {}) as { response?: { headers?: unknown } }).response?.headers;
  let value: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === 'function') value = (headers as { get(name: string): unknown }).get('retry-after');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, unknown>)['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
  now?: () => number;
  /** Told before each wait (logs). */
  onRetry?: (info: { attempt: number; status: number | null; waitMs: number }) => void;
}

/** Runs `work`, again after a passing refusal, as `policy` allows; the last error is thrown. */
export async function withConnectorRetry<T>(work: () => Promise<T>, policy: RetryPolicy = CONNECTOR_RETRY, hooks: RetryHooks = {}): Promise<T> {
  const now = hooks.now ?? Date.now;
  const random = hooks.random ?? Math.random;
  const wait = hooks.sleep ?? ((ms: number) => sleep(ms));
  const started = now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const status = statusOfError(error);
      if (!isRetryableStatus(status) || attempt >= policy.attempts) throw error;
      // Full jitter: anywhere between nothing and the exponential ceiling, so replicas that met the same
      // refusal do not come back together; never before the connector said it would take us again.
      const jitter = random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
      const waitMs = Math.max(jitter, retryAfterMs(error, now()) ?? 0);
      if (now() + waitMs - started > policy.budgetMs) throw error;
      hooks.onRetry?.({ attempt, status, waitMs });
      await wait(waitMs);
    }
  }
}

/**
 * Teams takes about 7 messages a second per conversation, then answers 429: this process spaces its own sends
 * to one conversation (a channel and its threads count as one) `intervalMs` apart, so a burst (a workshop's
 * messages, a closing's notices) rarely meets the limit. Other replicas pace themselves; a 429 is retried above.
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalMs = 150, private readonly now: () => number = Date.now) {}

  async wait(conversationId: string): Promise<void> {
    const key = conversationId.split(';')[0]!;
    const now = this.now();
    const at = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, at + this.intervalMs);
    if (this.next.size > 1000) for (const [k, t] of this.next) if (t < now) this.next.delete(k);
    if (at > now) await sleep(at - now);
  }
}
