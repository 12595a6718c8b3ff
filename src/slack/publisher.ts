// Keeps a workshop's Slack messages in step with the database: the anchor message in the channel, the
// current step's message in its thread (the previous one loses its buttons), and the deliverables — map,
// summary, roadmap documents, department heads' messages. Everything here runs after the ack, reads the
// state afresh, and is safe to run twice or on two replicas at once (claims in slack-conversations.ts).
import type { WebClient } from '@slack/web-api';
import type { Queries } from '../core/queries.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { postedTs, type SlackConversations } from '../db/slack-conversations.js';
import type { Logger } from '../log.js';
import { anchorView } from '../present/anchor.js';
import { problemNotice } from '../present/notices.js';
import { stepView } from '../present/steps.js';
import { headMessages, summaryView } from '../present/summary.js';
import { words } from '../present/text.js';
import { roadmapCsv, roadmapMarkdown, type StageRange } from '../render/index.js';
import type { Background } from './background.js';
import { anchorMessage, headMessage, stepMessage, summaryMessage } from './blocks/messages.js';
import { directMessage, replyPrivately, type Where } from './replies.js';
import { describeFailure, slackFailure } from './slack-errors.js';

/** One posted picture: the whole map ("map"), or a part of a long journey ("map-part-2") and its stages. */
export interface MapImage {
  name: string;
  part?: StageRange;
  png: Buffer;
}

/** The whole map first, then its parts when the journey is too long to read in one picture. */
export type MapRenderer = (workspaceId: string, snapshot: WorkshopSnapshot) => Promise<MapImage[]>;

export interface PublisherDeps {
  queries: Queries;
  conversations: SlackConversations;
  logger: Logger;
  background: Background;
  renderMap: MapRenderer;
  command: string;
}

export interface HeadReport {
  userId: string;
  ok: boolean;
  error?: string;
}

export class Publisher {
  constructor(private readonly d: PublisherDeps) {}

  /** Brings the workshop's messages up to date, after the ack; bursts of changes make one update. */
  refresh(client: WebClient, workspaceId: string, workshopId: string): void {
    this.d.background.coalesce(`refresh:${workspaceId}:${workshopId}`, () => this.sync(client, workspaceId, workshopId));
  }

  /** Posts what is missing and updates what exists. Throws the Slack failure that stopped it. */
  async sync(client: WebClient, workspaceId: string, workshopId: string): Promise<void> {
    const conv = await this.d.conversations.get(workspaceId, workshopId);
    if (!conv) return;
    const s = await this.d.queries.snapshot(workspaceId, workshopId);
    const anchor = anchorMessage(anchorView(s));
    let thread = postedTs(conv.anchorTs);
    if (thread) {
      await client.chat.update({ channel: conv.channelId, ts: thread, ...anchor });
    } else if (await this.d.conversations.claimAnchor(workspaceId, workshopId, conv.anchorTs)) {
      try {
        const posted = await client.chat.postMessage({ channel: conv.channelId, ...anchor });
        thread = posted.ts ?? null;
        await this.d.conversations.setAnchor(workspaceId, workshopId, thread);
      } catch (error) {
        await this.d.conversations.setAnchor(workspaceId, workshopId, null);
        throw error;
      }
    }
    if (!thread) return;

    const step = s.workshop.step;
    const current = postedTs(conv.stepTs);
    if (conv.step === step && current) {
      await client.chat.update({ channel: conv.channelId, ts: current, ...stepMessage(stepView(s)) });
      return;
    }
    if (!(await this.d.conversations.claimStep(workspaceId, workshopId, conv, step))) return;
    try {
      if (conv.step && conv.step !== step && current) {
        // The passed step's message keeps its content but loses its buttons.
        await client.chat.update({ channel: conv.channelId, ts: current, ...stepMessage(stepView(s, conv.step as typeof step)) })
          .catch((error: unknown) => this.d.logger.warn({ err: error }, 'could not retire the previous step message'));
      }
      const posted = await client.chat.postMessage({ channel: conv.channelId, thread_ts: thread, reply_broadcast: conv.step !== null, ...stepMessage(stepView(s)) });
      await this.d.conversations.setStepTs(workspaceId, workshopId, step, posted.ts ?? null);
    } catch (error) {
      await this.d.conversations.setStepTs(workspaceId, workshopId, step, null);
      throw error;
    }
  }

  /** Like `sync`, but tells `who` privately what went wrong. */
  syncOrTell(client: WebClient, workspaceId: string, workshopId: string, who: Where, language: WorkshopSnapshot['workshop']['language']): void {
    this.d.background.run('sync', async () => {
      try {
        await this.sync(client, workspaceId, workshopId);
      } catch (error) {
        this.d.logger.warn({ err: error, workshopId }, 'could not update the workshop messages');
        await replyPrivately(client, this.d.logger, who, { tone: 'refused', lines: [[describeFailure(slackFailure(error), language, this.d.command)]] });
      }
    });
  }

  /**
   * Renders the map and posts it in the workshop's thread (or the channel), with the summary; with
   * `documents`, the roadmap as Markdown and CSV too. Sent once per `key` across replicas.
   */
  async postMap(client: WebClient, workspaceId: string, workshopId: string, options: { key?: string; documents?: boolean; channel?: string } = {}): Promise<boolean> {
    const conv = await this.d.conversations.get(workspaceId, workshopId);
    const channel = options.channel ?? conv?.channelId;
    if (!channel) return false;
    if (options.key && !(await this.d.conversations.claimDelivery(workspaceId, workshopId, options.key))) return false;
    try {
      const s = await this.d.queries.snapshot(workspaceId, workshopId);
      const images = await this.d.renderMap(workspaceId, s);
      const thread = conv && conv.channelId === channel ? postedTs(conv.anchorTs) : null;
      const w = words(s.workshop.language);
      const slug = s.workshop.title.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'parcours';
      const files = images.map((image) => ({
        file: image.png,
        filename: `${slug}-${image.name}.png`,
        title: image.part
          ? w.p('summary.partTitle', { title: s.workshop.title, from: image.part.start + 1, to: image.part.end, total: s.stages.length })
          : w.p('summary.title', { title: s.workshop.title }),
      }));
      if (options.documents) {
        files.push({ file: Buffer.from(roadmapMarkdown(s)), filename: `${slug}-roadmap.md`, title: 'roadmap.md' });
        files.push({ file: Buffer.from(roadmapCsv(s)), filename: `${slug}-roadmap.csv`, title: 'roadmap.csv' });
      }
      await client.filesUploadV2({ channel_id: channel, ...(thread ? { thread_ts: thread } : {}), file_uploads: files });
      await client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread } : {}), ...summaryMessage(summaryView(s)) });
      return true;
    } catch (error) {
      if (options.key) await this.d.conversations.releaseDelivery(workspaceId, workshopId, options.key);
      throw error;
    }
  }

  /**
   * Sends each department head their department's items, each apart: one unreachable head is reported,
   * the others still get theirs. A head already sent for this closing (`round`) is not sent again.
   */
  async sendHeads(client: WebClient, workspaceId: string, s: WorkshopSnapshot, round: string): Promise<HeadReport[]> {
    const messages = headMessages(s);
    const results = await Promise.allSettled(messages.map(async (m) => {
      const key = `head:${m.departmentId}:${round}`;
      if (!(await this.d.conversations.claimDelivery(workspaceId, s.workshop.id, key))) return;
      try {
        await directMessage(client, m.userId, headMessage(m));
      } catch (error) {
        await this.d.conversations.releaseDelivery(workspaceId, s.workshop.id, key);
        throw error;
      }
    }));
    return results.map((r, i) => ({
      userId: messages[i]!.userId,
      ok: r.status === 'fulfilled',
      ...(r.status === 'rejected' ? { error: slackFailure(r.reason).error } : {}),
    }));
  }

  /** The end of a workshop: final map with documents, then the heads' messages; failures told to `who`. */
  deliverFinal(client: WebClient, workspaceId: string, workshopId: string, who: Where): void {
    this.d.background.run('final', async () => {
      const s = await this.d.queries.snapshot(workspaceId, workshopId);
      const round = String(s.workshop.closedAt?.getTime() ?? s.workshop.version);
      const language = s.workshop.language;
      try {
        await this.postMap(client, workspaceId, workshopId, { key: `final:${round}`, documents: s.workshop.step === 'roadmap' });
      } catch (error) {
        this.d.logger.warn({ err: error, workshopId }, 'could not post the final map');
        await replyPrivately(client, this.d.logger, who, { tone: 'refused', lines: [[describeFailure(slackFailure(error), language, this.d.command)]] });
      }
      // A workshop closed before its roadmap step (abandoned, or paused for later) has no roadmap to send:
      // its map is posted as the record, but department heads are not messaged with empty lists.
      if (s.workshop.step !== 'roadmap') return;
      const reports = await this.sendHeads(client, workspaceId, s, round);
      const failed = reports.filter((r) => !r.ok);
      if (failed.length) {
        this.d.logger.warn({ workshopId, failed }, 'some department heads could not be reached');
        const t = words(language);
        await replyPrivately(client, this.d.logger, who, {
          tone: 'warning',
          lines: [[t.t('slack:heads.unreachable', { count: failed.length })], ...failed.map((f) => [{ user: f.userId }, ` — ${f.error ?? ''}`])],
        });
      }
      const noHead = s.departments.filter((d) => !d.headUserId);
      if (noHead.length) {
        await replyPrivately(client, this.d.logger, who, { tone: 'info', lines: [[words(language).t('slack:heads.noHead', { departments: noHead.map((d) => d.name).join(', ') })]] });
      }
    });
  }

  /** The roadmap step has opened: a first look at the map and the draft roadmap, once per version. */
  deliverDraft(client: WebClient, workspaceId: string, workshopId: string, version: number, who: Where, language: WorkshopSnapshot['workshop']['language']): void {
    this.d.background.run('draft', async () => {
      try {
        await this.postMap(client, workspaceId, workshopId, { key: `draft:${version}` });
      } catch (error) {
        this.d.logger.warn({ err: error, workshopId }, 'could not post the draft map');
        await replyPrivately(client, this.d.logger, who, problemNotice(language, 'unexpected'));
      }
    });
  }
}
