// Bolt's InstallationStore over the sealed Prisma table: OAuth installs of many workspaces, tokens
// encrypted at rest. Each installing team also gets its Parcours workspace at once.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { SlackInstallations } from '../db/slack-installations.js';
import type { Workspaces } from './services.js';

const keyOf = (q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }) => ({
  teamId: q.teamId ?? '', enterpriseId: q.enterpriseId ?? '', isEnterpriseInstall: q.isEnterpriseInstall ?? false,
});

export function installationStore(installations: SlackInstallations, workspaces: Workspaces): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const key = keyOf({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall });
      await installations.save(key, installation);
      const teamId = installation.team?.id ?? installation.enterprise?.id;
      if (teamId) await workspaces.idOf(teamId, installation.team?.name ?? installation.enterprise?.name ?? '');
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await installations.find(keyOf(query));
      if (!found) throw new Error(`no installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`);
      return found as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.delete(keyOf(query));
    },
  };
}
