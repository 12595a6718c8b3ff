// Form state makes a round trip through the person's chat client (Slack's private_metadata, a Teams card's
// data), so each adapter signs it: an HMAC over its JSON, checked in constant time before anything in it is
// read. What the JSON must hold, and whom it was issued to, is the adapter's to check on what this returns.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Longest token accepted: well above any form state, far below what would make parsing a cost. */
const MAX_TOKEN = 3000;

export class SignedJson {
  private readonly key: Buffer;

  /** `purpose` separates the keys of different uses of one deployment secret. */
  constructor(purpose: string, secret: string | Buffer) {
    this.key = createHash('sha256').update(`parcours/${purpose}\0`).update(secret).digest();
  }

  /** `value` as JSON, base64url, then a dot and its HMAC. */
  sign(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The JSON value when the token is well formed and its signature holds; null otherwise. */
  open(raw: unknown): unknown {
    if (typeof raw !== 'string' || raw.length > MAX_TOKEN) return null;
    const [body, mac] = raw.split('.');
    if (!body || !mac) return null;
    const want = Buffer.from(this.mac(body));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
