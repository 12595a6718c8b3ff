// A card's form state makes a round trip through the person's Teams client, so it is signed (an HMAC over
// its JSON) and bound to the tenant and user it was issued to, like Slack's private_metadata. The engine
// checks every id in it again against the database.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FormState } from '../conversation/intents.js';
import { SignedJson } from '../conversation/signed-json.js';
import { FORM_IDS } from '../present/forms/ids.js';

const short = z.string().max(300).nullable();
const Signed = z.object({
  f: z.enum([...FORM_IDS, 'ballot']), tn: z.string().min(1).max(100), u: z.string().min(1).max(300),
  w: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).nullable(), c: short, th: short,
  p: z.number().int().min(0).max(999).optional(), s: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
}).strict();

type SignedState = z.infer<typeof Signed>;

/**
 * Tokens made and tokens verified, kept: a ballot carries the same state click after click (the same person, the
 * workshop, the conversation), and signing or checking it again (JSON, an HMAC, the schema) is a fair part of a
 * click's work when fifty people vote at once (bench/README.md, "Teams"). A token is a pure function of the
 * state under this signer's key, and only tokens whose signature held are kept. Bounded like i18n's texts:
 * emptied when full.
 */
const KEPT_MAX = 10_000;

export class StateSigner {
  private readonly signed: SignedJson;
  private readonly made = new Map<string, string>();
  private readonly opened = new Map<string, SignedState>();

  /**
   * From the app password, or in local development the deployment's PARCOURS_URL_SECRET (its own key is
   * derived for this use); without either, a key of this process: its forms die with it.
   */
  constructor(secret: string | Buffer | undefined) {
    this.signed = new SignedJson('teams-card-state', secret ?? randomBytes(32));
  }

  sign(tenant: string, user: string, s: FormState): string {
    const state = {
      f: s.form, tn: tenant, u: user, w: s.workshopId, c: s.conversationId, th: s.threadId,
      ...(s.page !== undefined ? { p: s.page } : {}), ...(s.subject ? { s: s.subject } : {}),
    };
    const key = JSON.stringify(state);
    let token = this.made.get(key);
    if (token === undefined) {
      token = this.signed.sign(Signed.parse(state));
      keep(this.made, key, token);
    }
    return token;
  }

  /** The state when the signature holds and it was issued to this tenant and user; else null. */
  verify(raw: unknown, tenant: string, user: string): FormState | null {
    let m = typeof raw === 'string' ? this.opened.get(raw) : undefined;
    if (!m) {
      const parsed = Signed.safeParse(this.signed.open(raw));
      if (!parsed.success) return null;
      m = parsed.data;
      keep(this.opened, raw as string, m);
    }
    if (m.tn !== tenant || m.u !== user) return null;
    return { form: m.f, workshopId: m.w, conversationId: m.c, threadId: m.th, ...(m.p !== undefined ? { page: m.p } : {}), ...(m.s ? { subject: m.s } : {}) };
  }
}

function keep<V>(kept: Map<string, V>, key: string, value: V): void {
  if (kept.size >= KEPT_MAX) kept.clear();
  kept.set(key, value);
}
