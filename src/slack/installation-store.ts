// Bolt's InstallationStore over a vault of sealed installations (src/db keeps them encrypted; the server
// hands the vault in): OAuth installs of many workspaces. Each installing team also gets its Parcours
// workspace at once.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';

export interface InstallationKey {
  teamId: string;
  enterpriseId: string;
  isEnterpriseInstall: boolean;
}

/** Where installations are kept, sealed (src/db/slack-installations.ts). */
export interface InstallationVault {
  save(key: InstallationKey, installation: unknown): Promise<void>;
  find(key: InstallationKey): Promise<unknown | null>;
  delete(key: InstallationKey): Promise<void>;
}

const keyOf = (q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): InstallationKey => ({
  teamId: q.teamId ?? '', enterpriseId: q.enterpriseId ?? '', isEnterpriseInstall: q.isEnterpriseInstall ?? false,
});

export function installationStore(vault: InstallationVault, installed: (team: string, name: string) => Promise<unknown>): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const key = keyOf({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall });
      await vault.save(key, installation);
      const teamId = installation.team?.id ?? installation.enterprise?.id;
      if (teamId) await installed(teamId, installation.team?.name ?? installation.enterprise?.name ?? '');
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await vault.find(keyOf(query));
      if (!found) throw new Error(`no installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`);
      return found as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await vault.delete(keyOf(query));
    },
  };
}

/** The bot token of a workspace's installation: a team's own, or its Enterprise Grid org-wide one. */
export async function botTokenOf(store: InstallationStore, team: string): Promise<string> {
  const attempts: InstallationQuery<boolean>[] = [
    { teamId: team, enterpriseId: undefined, isEnterpriseInstall: false },
    { teamId: undefined, enterpriseId: team, isEnterpriseInstall: true },
  ];
  for (const query of attempts) {
    const found = await store.fetchInstallation(query).catch(() => null);
    const token = found?.bot?.token;
    if (token) return token;
  }
  throw Object.assign(new Error(`no installation for ${team}`), { data: { error: 'not_authed' } });
}
