// A local stand-in for Slack's Web API: answers like Slack (ok, ts, channel, view ids, upload URLs for
// files.uploadV2 that point back here), records every call, and can be told to fail a method — rate
// limited with Retry-After, missing_scope, channel_not_found — so tests see how the app copes. No network.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  response?: Record<string, unknown>;
}

export type Failure = { error: string; needed?: string } | { status: 429; retryAfter: number };

interface Rule {
  method: string;
  failure: Failure;
  times: number;
  when?: (args: Record<string, unknown>) => boolean;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files', 'metadata']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (JSON_FIELDS.has(k)) {
      try { out[k] = JSON.parse(v); continue; } catch { /* a plain string after all: keep it as sent */ }
    }
    out[k] = v;
  }
  return out;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly uploads: { fileId: string; bytes: Buffer }[] = [];
  url = '';
  private server: Server | null = null;
  private rules: Rule[] = [];
  private seq = 0;
  private readonly ts0 = 1_760_000_000;
  /** Users who cannot receive a direct message (conversations.open answers user_not_found). */
  readonly unreachableUsers = new Set<string>();
  /** Each person's time zone as users.info gives it (`tz`); Europe/Paris for anyone not named here. */
  readonly timeZones = new Map<string, string>();
  /** People whose users.info Slack refuses, with its error (missing_scope on an old install, user_not_found…), every time. */
  readonly refusedUsersInfo = new Map<string, string>();
  /** Where apps.connections.open sends a Socket Mode client (a FakeSocketMode's URL); unset, it answers without one. */
  socketUrl: string | null = null;

  constructor(readonly team = { id: 'T0001', name: 'Acme' }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      }, (error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
  }

  /** Makes the next `times` calls of `method` (matching `when`) fail. */
  fail(method: string, failure: Failure, times = 1, when?: Rule['when']): void {
    this.rules.push({ method, failure, times, ...(when ? { when } : {}) });
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  last(method: string): ApiCall | undefined {
    return this.of(method).at(-1);
  }

  /** The latest content of a posted message: its last update, or the post itself. */
  message(ts: string): Record<string, unknown> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i -= 1) {
      const c = this.calls[i]!;
      if (c.method === 'chat.update' && c.args.ts === ts) return c.args;
      if (c.method === 'chat.postMessage' && c.response?.ts === ts) return c.args;
    }
    return undefined;
  }

  clear(): void {
    this.calls.length = 0;
  }

  private nextTs(): string {
    this.seq += 1;
    return `${this.ts0 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.push({ fileId: url.pathname.slice('/upload/'.length), bytes: raw });
      return { status: 200, body: 'OK' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    const call: ApiCall = { method, args, token, at: Date.now() };
    this.calls.push(call);
    const rule = this.rules.find((r) => r.method === method && r.times > 0 && (!r.when || r.when(args)));
    if (rule) {
      rule.times -= 1;
      if ('status' in rule.failure) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(rule.failure.retryAfter) } };
      return { status: 200, body: { ok: false, ...rule.failure } };
    }
    call.response = this.answer(method, args);
    return { status: 200, body: call.response };
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const ok = (extra: Record<string, unknown> = {}) => ({ ok: true, ...extra });
    switch (method) {
      case 'apps.connections.open':
        return this.socketUrl ? ok({ url: this.socketUrl }) : ok();
      case 'auth.test':
        return ok({ user_id: 'UBOT', bot_id: 'BBOT', team_id: this.team.id, team: this.team.name, user: 'parcours' });
      case 'chat.postMessage':
        return ok({ channel: args.channel, ts: this.nextTs(), message: { text: args.text } });
      case 'chat.update':
        return ok({ channel: args.channel, ts: args.ts });
      case 'chat.getPermalink':
        return ok({ channel: args.channel, permalink: `https://${this.team.id.toLowerCase()}.slack.test/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}` });
      case 'chat.postEphemeral':
        return ok({ message_ts: this.nextTs() });
      case 'views.open':
      case 'views.update':
      case 'views.push':
      case 'views.publish': {
        this.seq += 1;
        return ok({ view: { ...(args.view as object), id: (args.view_id as string | undefined) ?? `V${this.seq}`, hash: `h${this.seq}` } });
      }
      case 'conversations.open': {
        const user = String(args.users ?? '');
        if (this.unreachableUsers.has(user)) return { ok: false, error: 'user_not_found' };
        return ok({ channel: { id: `D${user.replace(/^U/, '')}` } });
      }
      case 'files.getUploadURLExternal': {
        this.seq += 1;
        const fileId = `F${this.seq}`;
        return ok({ upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        return ok({ files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) });
      }
      case 'users.info': {
        const refused = this.refusedUsersInfo.get(String(args.user));
        if (refused) return { ok: false, error: refused, ...(refused === 'missing_scope' ? { needed: 'users:read' } : {}) };
        return ok({ user: { id: args.user, name: String(args.user).toLowerCase(), tz: this.timeZones.get(String(args.user)) ?? 'Europe/Paris' } });
      }
      case 'oauth.v2.access':
        return ok({
          app_id: 'A0001', authed_user: { id: 'U_ADMIN' }, scope: 'commands,chat:write', token_type: 'bot',
          access_token: `xoxb-${this.team.id}-secret-token`, bot_user_id: 'UBOT', team: this.team, enterprise: null, is_enterprise_install: false,
        });
      default:
        return ok();
    }
  }
}
