// A modal's private_metadata makes a round trip through the user's client, so it is signed: an HMAC over
// its JSON, checked before anything in it is used, and bound to the team and user who opened the modal.
// Ids inside are still re-checked by the engine against the database (workspace-scoped).
import { z } from 'zod';
import { SignedJson } from '../conversation/signed-json.js';
import { FORM_IDS } from '../present/forms/ids.js';

export const MetadataSchema = z.object({
  /** The form (callback id) it was issued for. */
  f: z.enum([...FORM_IDS, 'ballot']),
  /** Team and user it was issued to. */
  tm: z.string().min(1).max(32),
  u: z.string().min(1).max(32),
  w: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).nullable(),
  /** Channel and thread to answer in. */
  c: z.string().regex(/^[A-Z0-9]{1,32}$/).nullable(),
  th: z.string().regex(/^\d{1,12}\.\d{1,8}$/).nullable(),
  /** Ballot page. */
  p: z.number().int().min(0).max(999).optional(),
  /** The item a subject form is about (a stage); the engine checks it belongs to the workshop. */
  s: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
}).strict();

export type Metadata = z.infer<typeof MetadataSchema>;

export class MetadataSigner {
  private readonly signed: SignedJson;

  /** Derived from a secret of the deployment (signing secret, app token or client secret). */
  constructor(secret: string) {
    this.signed = new SignedJson('private_metadata', secret);
  }

  sign(m: Metadata): string {
    return this.signed.sign(MetadataSchema.parse(m));
  }

  /** The metadata when its signature holds, it parses, and it was issued to this team and user; else null. */
  verify(raw: unknown, expected: { team: string; user: string; form: Metadata['f'] }): Metadata | null {
    const parsed = MetadataSchema.safeParse(this.signed.open(raw));
    if (!parsed.success) return null;
    const m = parsed.data;
    return m.tm === expected.team && m.u === expected.user && m.f === expected.form ? m : null;
  }
}
