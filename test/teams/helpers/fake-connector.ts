// A local Bot Connector: records every request the bot makes (replies, updates, deletions, 1:1 chats it
// creates) and answers like the real one, `{ id }`. Activities sent to the bot name it as their serviceUrl.
import { createServer, type Server } from 'node:http';

export interface Recorded {
  method: string;
  /** The path, decoded: `/v3/conversations/19:c@thread.tacv2;messageid=m1/activities`. */
  path: string;
  /** The conversation the request is about, decoded; '' for creating one. */
  conversation: string;
  body: Record<string, unknown>;
  /** The id the fake answered with. */
  id: string;
}

export class FakeConnector {
  readonly recorded: Recorded[] = [];
  private server: Server | undefined;
  private n = 0;
  url = '';

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
        this.recorded.push({ method: req.method ?? '', path, conversation: match?.[1] ?? '', body, id });
        res.writeHead(req.method === 'DELETE' ? 200 : 201, { 'content-type': 'application/json' });
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
    return this.recorded.slice(since).flatMap((record) => {
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
