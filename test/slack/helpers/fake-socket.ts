// A local stand-in for Slack's Socket Mode endpoint (the wss:// URL apps.connections.open hands out):
// greets each client with `hello`, pushes envelopes as Slack does, and records the acknowledgements the app
// sends back — `{ envelope_id, payload }`, payload being what an HTTP app would put in its response body.
// Can also ask the client to reconnect (`disconnect`), as Slack does when it recycles a connection.
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Whether Slack would use a payload in the ack (slash commands and view submissions). */
  accepts_response_payload: boolean;
  /** Events API redeliveries carry these; @slack/socket-mode hands them to Bolt as retryNum/retryReason. */
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

interface Waiter {
  envelopeId: string;
  resolve: (ack: Ack) => void;
}

export class FakeSocketMode {
  readonly acks: Ack[] = [];
  /** Close codes the clients' connections ended with, in order (1000: the client said goodbye). */
  readonly closes: number[] = [];
  /** Every client that connected, in order; the last one is the live connection. */
  readonly connections: WebSocket[] = [];
  /** The path and query each client connected with. */
  readonly requested: string[] = [];
  url = '';
  private server: WebSocketServer | null = null;
  private waiters: Waiter[] = [];
  private listeners: (() => void)[] = [];
  private seq = 0;

  async start(): Promise<this> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server = server;
    await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
    const address = server.address();
    // Slack's URLs carry a one-time ticket; the client must use the URL as given, query string and all.
    this.url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/link/?ticket=fake-ticket&app_id=A0001`;
    server.on('connection', (socket, request) => {
      this.connections.push(socket);
      this.requested.push(request.url ?? '');
      socket.on('message', (data) => {
        const ack = JSON.parse(data.toString()) as Ack;
        this.acks.push(ack);
        // One ack answers one delivery: the same envelope delivered twice is waited on twice.
        const waiter = this.waiters.find((w) => w.envelopeId === ack.envelope_id);
        if (waiter) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(ack);
        }
      });
      socket.on('close', (code) => {
        this.closes.push(code);
        this.notify();
      });
      // What Slack sends first; the client's start() resolves only once it has seen it.
      socket.send(JSON.stringify({
        type: 'hello', num_connections: this.connections.length,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 }, connection_info: { app_id: 'A0001' },
      }));
      this.notify();
    });
    return this;
  }

  /** Closes the server, dropping any client still connected. */
  async stop(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The connection envelopes go to: the latest, if it is open. */
  get live(): WebSocket | undefined {
    const last = this.connections.at(-1);
    return last && last.readyState === last.OPEN ? last : undefined;
  }

  newEnvelopeId(): string {
    this.seq += 1;
    return `env-${this.seq}-${Math.random().toString(16).slice(2, 10)}`;
  }

  /** Pushes an envelope to the live connection and resolves with the app's ack for it. */
  deliver(envelope: Envelope, timeoutMs = 5_000): Promise<Ack> {
    const socket = this.live;
    if (!socket) return Promise.reject(new Error('no client connected to the fake Socket Mode server'));
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ack for envelope ${envelope.envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = { envelopeId: envelope.envelope_id, resolve: (ack) => { clearTimeout(timer); resolve(ack); } };
      this.waiters.push(waiter);
      socket.send(JSON.stringify(envelope));
    });
  }

  /** Slack's request to reconnect: the client closes this connection and opens a new one (apps.connections.open again). */
  requestReconnect(reason: 'refresh_requested' | 'warning' = 'refresh_requested'): void {
    this.live?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
  }

  /** Resolves once `condition` holds, re-checked on every connection and close. */
  until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { this.listeners = this.listeners.filter((l) => l !== check); reject(new Error(`timed out waiting for ${what}`)); }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** A slash command as Slack sends it over the socket: the HTTP form's fields, as a JSON object. */
export function slashCommandEnvelope(id: string, form: string): Envelope {
  return { envelope_id: id, type: 'slash_commands', payload: Object.fromEntries(new URLSearchParams(form)), accepts_response_payload: true };
}

/** An interactive payload (block action, view submission) over the socket: the form's `payload` field, parsed. */
export function interactiveEnvelope(id: string, form: string): Envelope {
  const payload = JSON.parse(new URLSearchParams(form).get('payload') ?? '{}') as Record<string, unknown>;
  return { envelope_id: id, type: 'interactive', payload, accepts_response_payload: payload.type === 'view_submission' };
}

/** An Events API callback over the socket: the HTTP body, wrapped. */
export function eventEnvelope(id: string, json: string, retryAttempt = 0): Envelope {
  return {
    envelope_id: id, type: 'events_api', payload: JSON.parse(json) as Record<string, unknown>, accepts_response_payload: false,
    retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '',
  };
}
