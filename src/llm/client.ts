// The OpenAI SDK, loaded on the first suggestion asked for, never at start: a server with AI off, or one whose
// facilitators never ask, does not carry it in memory (bench/README.md, "Footprint").
//
// Every client option is given explicitly. Left out, the SDK reads OPENAI_API_KEY, OPENAI_BASE_URL,
// OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_LOG… from the environment by itself, and would retry twice and wait
// up to ten minutes on its own: configuration is src/config.ts's alone, and the bound and the single retry
// are src/llm/structured.ts's. (OPENAI_CUSTOM_HEADERS is the one variable the SDK reads whatever it is given;
// it can only add headers.)
import type { KeyObject } from 'node:crypto';
import type OpenAI from 'openai';
import type { zodResponseFormat } from 'openai/helpers/zod';

/** The model settings of src/config.ts (`config.ai`). */
export interface AiSettings {
  model: string;
  apiKey: KeyObject;
  baseURL: string | null;
  tokenBudget: number;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** What a call needs from the SDK once loaded: the client, its error classes, and the zod helper. */
export interface LoadedSdk {
  client: OpenAI;
  APIError: typeof import('openai').APIError;
  APIConnectionError: typeof import('openai').APIConnectionError;
  zodResponseFormat: typeof zodResponseFormat;
}

export interface ModelClient {
  readonly model: string;
  load(): Promise<LoadedSdk>;
}

/** A client for `ai`, loaded on first use; `timeoutMs` bounds one request (the caller bounds the whole call). */
export function modelClient(ai: AiSettings, timeoutMs: number): ModelClient {
  let loading: Promise<LoadedSdk> | null = null;
  const load = async (): Promise<LoadedSdk> => {
    const [sdk, helpers] = await Promise.all([import('openai'), import('openai/helpers/zod')]);
    const client = new sdk.OpenAI({
      apiKey: ai.apiKey.export().toString('utf8'),
      adminAPIKey: null,
      workloadIdentity: undefined,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: ai.baseURL ?? OPENAI_BASE_URL,
      timeout: timeoutMs,
      maxRetries: 0,
      defaultHeaders: {},
      defaultQuery: {},
      fetch: globalThis.fetch,
      fetchOptions: {},
      dangerouslyAllowBrowser: false,
      // The SDK's own logging would print requests (participants' text) to the console; failures are logged
      // by structured.ts, without that text.
      logLevel: 'off',
    });
    return { client, APIError: sdk.APIError, APIConnectionError: sdk.APIConnectionError, zodResponseFormat: helpers.zodResponseFormat };
  };
  return {
    model: ai.model,
    load() {
      // A failed import is tried again on the next call rather than remembered.
      loading ??= load().catch((error: unknown) => {
        loading = null;
        throw error;
      });
      return loading;
    },
  };
}
