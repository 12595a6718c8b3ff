// One structured call to the model: Chat Completions with a `response_format` JSON schema built from a zod
// schema, the one request every OpenAI-compatible server supports. The system prompt is ours; the user message
// is participants' text as a JSON list of items, which the prompt presents as data to analyse, never as
// instructions. The answer is used only if it parses, passes the zod schema again (some servers accept a
// schema without enforcing it) and the task's own check; anything else is a failure the caller answers with
// its fallback. The raw answer is never returned, and logged at debug level only (it may echo participants).
//
// Bounded: the whole call, its single retry included, ends within `boundMs`. The SDK's retries are off: it
// waits out any Retry-After even past an abort signal, so the retry is done here, once, on a rate limit, a
// server error or a connection failure, and only if the wait it is asked for fits in the time left.
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { LoadedSdk, ModelClient } from './client.js';

export interface StructuredCall<W> {
  /** The task, for logs and the schema's name. */
  task: string;
  system: string;
  /** Participants' text and the ids it is known by, sent as the user message. */
  data: readonly object[];
  /** The answer's shape: an object (strict mode refuses a top-level array), `.nullable()`, never `.optional()`. */
  schema: z.ZodType<W>;
  /** Why a well-formed answer is still unusable (an id repeated, a label not in the customer's voice…), or null. */
  check(value: W): string | null;
}

/** Why no answer was used: the server failed or was too slow, declined, or answered something unusable. */
export type FailureReason = 'unavailable' | 'timeout' | 'refusal' | 'invalid';

export type StructuredResult<W> =
  | { ok: true; value: W; tokens: number }
  | { ok: false; reason: FailureReason; tokens: number };

export interface StructuredOptions {
  boundMs: number;
  logger: Logger;
  now?: () => number;
}

/** Waited before the retry when the server does not say how long. */
const DEFAULT_RETRY_WAIT_MS = 250;

export async function callStructured<W>(model: ModelClient, call: StructuredCall<W>, options: StructuredOptions): Promise<StructuredResult<W>> {
  const now = options.now ?? Date.now;
  const started = now();
  const log = options.logger;
  const user = JSON.stringify(call.data);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.boundMs);
  const fail = (reason: FailureReason, detail: Record<string, unknown>, tokens = 0): StructuredResult<W> => {
    log.warn({ task: call.task, reason, ms: now() - started, ...detail }, 'AI answer not used: the fallback answers');
    return { ok: false, reason, tokens };
  };
  try {
    let sdk: LoadedSdk;
    try {
      sdk = await model.load();
    } catch (error) {
      return fail('unavailable', { error: (error as Error).message });
    }
    const body = {
      model: model.model,
      messages: [
        { role: 'system' as const, content: call.system },
        { role: 'user' as const, content: user },
      ],
      response_format: sdk.zodResponseFormat(call.schema, call.task.replace(/[^a-zA-Z0-9_-]/g, '_')),
    };
    let completion: Awaited<ReturnType<typeof sdk.client.chat.completions.create>> | null = null;
    for (let attempt = 1; completion === null; attempt += 1) {
      try {
        completion = await sdk.client.chat.completions.create({ ...body, stream: false }, {
          signal: controller.signal,
          maxRetries: 0,
          timeout: Math.max(1, options.boundMs - (now() - started)),
        });
      } catch (error) {
        if (controller.signal.aborted) return fail('timeout', { attempt });
        const status = error instanceof sdk.APIError ? error.status : undefined;
        const retryable = error instanceof sdk.APIConnectionError || status === 429 || (status !== undefined && status >= 500);
        const detail = { attempt, status: status ?? null, error: (error as Error).message };
        if (!retryable || attempt > 1) return fail('unavailable', detail);
        const wait = retryAfterMs(error instanceof sdk.APIError ? error.headers : undefined) ?? DEFAULT_RETRY_WAIT_MS;
        // A wait that would end past the bound is not worth starting: answer the fallback now.
        if (wait >= options.boundMs - (now() - started)) return fail('unavailable', { ...detail, retryAfterMs: wait });
        log.info({ task: call.task, status: status ?? null, waitMs: wait }, 'AI call failed, retrying once');
        try {
          await sleep(wait, undefined, { signal: controller.signal });
        } catch {
          return fail('timeout', { attempt });
        }
      }
    }
    const content = completion.choices[0]?.message.content ?? null;
    // Tokens are spent whatever the answer's worth. A server that reports no usage is charged the prompt's
    // length / 4, the usual characters-per-token rough guess, so that a budget still ends somewhere.
    const tokens = completion.usage?.total_tokens ?? Math.ceil((call.system.length + user.length) / 4);
    const message = completion.choices[0]?.message;
    if (message?.refusal) return fail('refusal', {}, tokens);
    if (!content) return fail('invalid', { problem: 'empty answer', finish: completion.choices[0]?.finish_reason ?? null }, tokens);
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      log.debug({ task: call.task, answer: content.slice(0, 2000) }, 'AI answer is not JSON');
      return fail('invalid', { problem: 'not JSON', finish: completion.choices[0]?.finish_reason ?? null }, tokens);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      log.debug({ task: call.task, answer: content.slice(0, 2000) }, 'AI answer does not match its schema');
      return fail('invalid', { problem: 'schema', issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code}`) }, tokens);
    }
    const problem = call.check(parsed.data);
    if (problem) {
      log.debug({ task: call.task, answer: content.slice(0, 2000) }, 'AI answer fails its check');
      return fail('invalid', { problem }, tokens);
    }
    log.debug({ task: call.task, tokens, ms: now() - started }, 'AI answer used');
    return { ok: true, value: parsed.data, tokens };
  } finally {
    clearTimeout(timer);
  }
}

/** How long the server asks to wait: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
