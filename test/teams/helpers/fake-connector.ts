// A local Bot Connector: records every request the bot makes (replies, updates, deletions, 1:1 chats it
// creates) and answers like the real one, `{ id }`. Activities sent to the bot name it as their serviceUrl.
// `fail` programs refusals (403 BotNotInConversationRoster, 429 with Retry-After, 412, 502…), the first N
// times or always; a refused request is recorded too, with the status it got.
import { createServer, type Server } from 'node:http';

export interface Recorded {
  method: string;
  /** The path, decoded: `/v3/conversations/19:c@thread.tacv2;messageid=m1/activities`. */
  path: string;
  /** The conversation the request is about, decoded; '' for creating one. */
  conversation: string;
  body: Record<string, unknown>;
  /** The id the fake answered with ('' when it refused). */
  id: string;
  /** The status it answered with. */
  status: number;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface Refusal {
  /** The connector's error code, in its `{ error: { code, message } }` body. */
  code?: string;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** How many matching requests are refused; then they succeed. Default: all. */
  times?: number;
}

interface Failure extends Refusal {
  match: (r: Recorded) => boolean;
  status: number;
  left: number;
}

/** Creating a 1:1 chat with this member (their Teams id or Entra id). */
export const openingChatWith = (member: string) => (r: Recorded): boolean =>
  r.method === 'POST' && r.path === '/v3/conversations' && ((r.body.members ?? []) as { id?: string }[]).some((m) => m.id === member);

export class FakeConnector {
  readonly recorded: Recorded[] = [];
  private server: Server | undefined;
  private n = 0;
  private failures: Failure[] = [];
  url = '';

  /** Refuses matching requests with `status` (and a Teams error body), `times` times or always. */
  fail(match: (r: Recorded) => boolean, status: number, refusal: Refusal = {}): this {
    this.failures.push({ ...refusal, match, status, left: refusal.times ?? Infinity });
    return this;
  }

  /** Forgets every programmed refusal. */
  heal(): void {
    this.failures = [];
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      req.on('end', () => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
        const body = raw ? JSON.parse(raw) as Record<string, unknown> : {};
        const match = /^\/v3\/conversations\/([^/]+)/.exec(path);
        this.n += 1;
        const id = req.method === 'POST' && path === '/v3/conversations' ? `a:personal-${this.n}` : req.method === 'PUT' ? path.split('/').pop()! : `m${this.n}`;
        const record: Recorded = { method: req.method ?? '', path, conversation: match?.[1] ?? '', body, id, status: req.method === 'DELETE' ? 200 : 201, at: Date.now() };
        const failure = this.failures.find((f) => f.left > 0 && f.match(record));
        if (failure) {
          failure.left -= 1;
          this.recorded.push({ ...record, id: '', status: failure.status });
          res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {}) });
          res.end(JSON.stringify({ error: { code: failure.code ?? `http_${failure.status}`, message: 'refused by the fake connector' } }));
          return;
        }
        this.recorded.push(record);
        res.writeHead(record.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The Adaptive Cards of messages sent, with where they went, from `since` on. */
  cards(since = 0): { record: Recorded; card: Record<string, unknown> }[] {
    return this.recorded.slice(since).filter((r) => r.status < 300).flatMap((record) => {
      const attachments = (record.body.attachments ?? []) as { content?: Record<string, unknown> }[];
      return attachments.flatMap((a) => (a.content ? [{ record, card: a.content }] : []));
    });
  }
}

/** Every string a reader sees in a card, joined: to search for words. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  JSON.stringify(card, (key, v: unknown) => {
    if (typeof v === 'string' && ['text', 'title', 'label'].includes(key)) out.push(v);
    return v;
  });
  return out.join('\n');
}

/** Every element of a card (body, actions, nested), depth first. */
export function elements(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string') out.push(o);
      for (const value of Object.values(o)) walk(value);
    }
  };
  walk(card);
  return out;
}
