// A local OpenAI-compatible server for tests: the real `openai` SDK talks to it over HTTP. It records every
// request and answers each from a queue of scenarios — a valid answer, invalid JSON, a refusal, a slow answer,
// a rate limit, a server error, an answer without usage — so each failure mode is one line of a test. A
// request with no scenario left gets a 500 naming the problem, which fails the test that forgot one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequest;
}

/** The part of a Chat Completions request the tests look at. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export type Scenario =
  /** A well-formed completion whose content is `answer` as JSON (or as given, when a string). */
  | { kind: 'answer'; answer: unknown; usage?: Usage | null; delayMs?: number }
  | { kind: 'refusal'; refusal: string; usage?: Usage }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown };

export const answer = (value: unknown, usage: Usage | null = usageOf(100)): Scenario => ({ kind: 'answer', answer: value, usage });
export const rawAnswer = (content: string, usage: Usage | null = usageOf(100)): Scenario => ({ kind: 'answer', answer: content, usage });
export const slow = (value: unknown, delayMs: number): Scenario => ({ kind: 'answer', answer: value, delayMs });
export const refusal = (text = "I'm sorry, I can't help with that."): Scenario => ({ kind: 'refusal', refusal: text, usage: usageOf(20) });
export const status = (code: number, headers: Record<string, string> = {}): Scenario => ({ kind: 'status', status: code, headers });

export function usageOf(total: number): Usage {
  const prompt = Math.floor(total * 0.8);
  return { prompt_tokens: prompt, completion_tokens: total - prompt, total_tokens: total };
}

export interface FakeOpenAI {
  /** The base URL to give the client: `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Queues answers for the next requests, in order. */
  queue(...scenarios: Scenario[]): void;
  /** Forgets recorded requests and queued scenarios. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let scenarios: Scenario[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const completion = (body: ChatRequest, message: Record<string, unknown>, usage: Usage | null | undefined) => ({
    id: `chatcmpl-${requests.length}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: 'stop', logprobs: null }],
    ...(usage ? { usage } : {}),
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: ChatRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      } catch {
        send(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        return;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
        return;
      }
      const scenario = scenarios.shift();
      if (!scenario) {
        send(res, 500, { error: { message: 'fake-openai: no scenario queued for this request', type: 'server_error' } });
        return;
      }
      if (scenario.kind === 'status') {
        send(res, scenario.status, scenario.body ?? { error: { message: `fake status ${scenario.status}`, type: 'server_error' } }, scenario.headers);
        return;
      }
      if (scenario.kind === 'refusal') {
        send(res, 200, completion(body, { content: null, refusal: scenario.refusal }, scenario.usage));
        return;
      }
      const content = typeof scenario.answer === 'string' ? scenario.answer : JSON.stringify(scenario.answer);
      const reply = () => send(res, 200, completion(body, { content }, scenario.usage === undefined ? usageOf(100) : scenario.usage));
      if (!scenario.delayMs) return reply();
      const timer = setTimeout(() => { pending.delete(timer); if (!res.destroyed) reply(); }, scenario.delayMs);
      pending.add(timer);
      // The client gave up (its bound): nothing more to send.
      res.on('close', () => { clearTimeout(timer); pending.delete(timer); });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...more) => { scenarios.push(...more); },
    reset: () => { requests.length = 0; scenarios = []; },
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
