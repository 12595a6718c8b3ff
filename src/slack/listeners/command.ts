// /parcours help | new [fr|en] | status | list | map — acknowledged at once; answers that need only the
// database go back in the acknowledgement (ephemeral), anything slower runs after it.
import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { LANGUAGES, type Language } from '../../core/vocabulary.js';
import { anchorView } from '../../present/anchor.js';
import { framingForm } from '../../present/forms/build.js';
import { homeView, loadHome } from '../../present/home.js';
import { helpNotice, problemNotice } from '../../present/notices.js';
import { words } from '../../present/text.js';
import { anchorMessage, noticeMessage } from '../blocks/messages.js';
import { formModal } from '../blocks/modals.js';
import { homeTab } from '../blocks/home.js';
import { replyPrivately } from '../replies.js';
import { describeFailure, slackFailure } from '../slack-errors.js';
import type { Services } from '../services.js';

const SUBCOMMANDS: Record<string, 'help' | 'new' | 'status' | 'list' | 'map'> = {
  help: 'help', aide: 'help', new: 'new', nouveau: 'new', nouvel: 'new', status: 'status', statut: 'status', list: 'list', liste: 'list', map: 'map', carte: 'map',
};

type Ack = (response?: string | RespondArguments) => Promise<void>;

export function registerCommand(app: App, s: Services): void {
  app.command(s.command, async ({ command, ack, client, context }) => {
    const [first = '', second = ''] = command.text.trim().toLowerCase().split(/\s+/);
    const sub = SUBCOMMANDS[first] ?? 'help';
    const team = context.teamId ?? context.enterpriseId ?? command.team_id;
    const workspaceId = await s.workspaces.idOf(team, command.team_domain);
    switch (sub) {
      case 'help':
        return ack(ephemeral(noticeMessage(helpNotice(s.language, s.command))));
      case 'new':
        await ack();
        return openFraming(s, client, command, team, (LANGUAGES as readonly string[]).includes(second) ? (second as Language) : s.language);
      case 'status':
        return status(s, ack, client, workspaceId, command);
      case 'list':
        return list(s, ack, workspaceId, command);
      case 'map':
        return map(s, ack, client, workspaceId, command);
      default: {
        const never: never = sub;
        throw new Error(`unhandled subcommand ${String(never)}`);
      }
    }
  });
}

function ephemeral(message: { text: string; blocks: unknown[] }): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks as never };
}

async function openFraming(s: Services, client: WebClient, command: SlashCommand, team: string, language: Language): Promise<void> {
  const metadata = s.signer.sign({ f: 'framing', tm: team, u: command.user_id, w: null, c: command.channel_id, th: null });
  try {
    await client.views.open({ trigger_id: command.trigger_id, view: formModal(framingForm(language), metadata) });
  } catch (error) {
    s.logger.warn({ err: error }, 'could not open the framing form');
    await replyPrivately(client, s.logger, { user: command.user_id, channel: command.channel_id, thread: null }, {
      tone: 'refused', lines: [[describeFailure(slackFailure(error), language, s.command)]],
    });
  }
}

async function status(s: Services, ack: Ack, client: WebClient, workspaceId: string, command: SlashCommand): Promise<void> {
  const conv = await s.conversations.latestInChannel(workspaceId, command.channel_id);
  if (!conv) return ack(ephemeral(noticeMessage(problemNotice(s.language, 'noWorkshop', { command: s.command }))));
  const snapshot = await s.queries.snapshot(workspaceId, conv.workshopId);
  const owed = (await s.queries.owed(workspaceId, conv.workshopId)).find((o) => snapshot.participants.find((p) => p.id === o.participantId)?.userId === command.user_id);
  const w = words(snapshot.workshop.language);
  const message = anchorMessage(anchorView(snapshot));
  const mine = owed?.owes.length ? owed.owes.map((o) => w.t(o.key, { count: o.count })).join(', ') : w.p('home.nothingOwed');
  await ack({ response_type: 'ephemeral', text: message.text, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: `${w.t('slack:status.yours')} ${mine}` }] }] as never });
  // A missing anchor or step message (the bot was not in the channel yet) is posted now.
  s.publisher.refresh(client, workspaceId, conv.workshopId);
}

async function list(s: Services, ack: Ack, workspaceId: string, command: SlashCommand): Promise<void> {
  const view = homeView(await loadHome(s.queries, workspaceId, command.user_id), s.language);
  const channels = await s.conversations.channelsOf(workspaceId, view.workshops.map((w) => w.workshopId));
  const tab = homeTab(view, channels);
  await ack({ response_type: 'ephemeral', text: view.title, blocks: tab.blocks.slice(0, 50) as never });
}

async function map(s: Services, ack: Ack, client: WebClient, workspaceId: string, command: SlashCommand): Promise<void> {
  const conv = await s.conversations.latestInChannel(workspaceId, command.channel_id);
  if (!conv) return ack(ephemeral(noticeMessage(problemNotice(s.language, 'noWorkshop', { command: s.command }))));
  const snapshot = await s.queries.snapshot(workspaceId, conv.workshopId);
  await ack(ephemeral(noticeMessage({ tone: 'info', lines: [[words(snapshot.workshop.language).t('slack:map.rendering')]] })));
  s.background.run('map', async () => {
    try {
      await s.publisher.postMap(client, workspaceId, conv.workshopId, { channel: command.channel_id });
    } catch (error) {
      s.logger.warn({ err: error }, 'could not post the map');
      await replyPrivately(client, s.logger, { user: command.user_id, channel: command.channel_id, thread: null }, {
        tone: 'refused', lines: [[describeFailure(slackFailure(error), snapshot.workshop.language, s.command)]],
      });
    }
  });
}
