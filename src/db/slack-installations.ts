// Slack OAuth installations, sealed at rest: the whole installation (bot and user tokens included) is
// encrypted with AES-256-GCM under PARCOURS_ENCRYPTION_KEY, bound to its team/enterprise ids as associated
// data, so a sealed blob copied onto another team's row does not open. Tokens never appear in a column or a log.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Db } from './client.js';
import { retryingClient } from './retry.js';

export interface InstallationKey {
  teamId: string;
  enterpriseId: string;
  isEnterpriseInstall: boolean;
}

export function seal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function open(key: Buffer, sealed: string, aad: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) throw new Error('sealed installation is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

const aadOf = (k: InstallationKey): string => `slack-installation:${k.enterpriseId}:${k.teamId}`;
/** An org-wide install is found by its enterprise alone. */
const where = (k: InstallationKey) => ({ enterpriseId: k.enterpriseId, teamId: k.isEnterpriseInstall ? '' : k.teamId });

export class SlackInstallations {
  private readonly db: Db;

  constructor(db: Db, private readonly key: Buffer) {
    this.db = retryingClient(db);
    if (key.length !== 32) throw new Error('the installation key must be 32 bytes');
  }

  async save(k: InstallationKey, installation: unknown): Promise<void> {
    const id = where(k);
    const sealed = seal(this.key, JSON.stringify(installation), aadOf({ ...k, ...id }));
    await this.db.slackInstallation.upsert({
      where: { enterpriseId_teamId: id },
      create: { ...id, isEnterpriseInstall: k.isEnterpriseInstall, sealed },
      update: { isEnterpriseInstall: k.isEnterpriseInstall, sealed },
    });
  }

  async find(k: InstallationKey): Promise<unknown | null> {
    const id = where(k);
    const r = await this.db.slackInstallation.findUnique({ where: { enterpriseId_teamId: id } });
    return r ? JSON.parse(open(this.key, r.sealed, aadOf({ ...k, ...id }))) : null;
  }

  async delete(k: InstallationKey): Promise<void> {
    await this.db.slackInstallation.deleteMany({ where: where(k) });
  }
}
