// What the team receives: the map (and its parts) with a summary in the workshop's thread, the roadmap
// documents at the end, and each department head's own items in a direct message. Each delivery is
// claimed under its key (deliveries in storage.ts), so a retried job or a second replica never sends it
// twice; a head who cannot be reached is reported to the facilitator by name, and the others still get theirs.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { summaryView } from '../present/summary.js';
import { words } from '../present/text.js';
import type { HeadLinks, SummaryFiles } from '../present/summary.js';
import { tracesOf, tracesRef } from './deletion.js';
import type { ConversationDeps } from './deps.js';
import { LostRace } from './messages.js';
import type { FileUpload, Messenger } from './platform.js';
import type { ConversationRecord } from './storage.js';

export interface MapTarget {
  conversationId: string;
  /** The thread to post in (the workshop's own thread when the map goes to its conversation). */
  threadId: string | null;
}

/** Where a workshop's map goes by default: its conversation, in the anchor's thread. */
export function workshopThread(conv: ConversationRecord): MapTarget {
  return { conversationId: conv.conversationId, threadId: conv.rootMessageId };
}

function slugOf(title: string): string {
  return title.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'parcours';
}

/**
 * Renders the map and posts it with the summary; with `documents`, the roadmap as Markdown and CSV too.
 * A platform that shows files from links (Teams) gets them published and shown in the summary instead.
 * Returns what was posted (as a delivery's ref), so that deleting the workshop can remove it.
 */
export async function postMap(d: ConversationDeps, m: Messenger, s: WorkshopSnapshot, target: MapTarget, options: { documents?: boolean } = {}): Promise<string> {
  if (m.files === 'links') return postMapLinks(d, m, s, target, options);
  const images = await d.renderMap(s.workshop.workspaceId, s);
  const w = words(s.workshop.language);
  const slug = slugOf(s.workshop.title);
  const files: FileUpload[] = images.map((image) => ({
    content: image.png,
    filename: `${slug}-${image.name}.png`,
    title: image.part
      ? w.p('summary.partTitle', { title: s.workshop.title, from: image.part.start + 1, to: image.part.end, total: s.stages.length })
      : w.p('summary.title', { title: s.workshop.title }),
  }));
  if (options.documents) {
    // The documents are drawn only here, at the end of a workshop: loaded when first needed.
    const [{ roadmapCsv }, { roadmapMarkdown }] = await Promise.all([import('../render/docs/roadmap-csv.js'), import('../render/docs/roadmap-markdown.js')]);
    files.push({ content: Buffer.from(roadmapMarkdown(s)), filename: `${slug}-roadmap.md`, title: 'roadmap.md' });
    files.push({ content: Buffer.from(roadmapCsv(s)), filename: `${slug}-roadmap.csv`, title: 'roadmap.csv' });
  }
  const fileIds = await m.upload(target.conversationId, target.threadId, files);
  const summary = await m.post(target.conversationId, { kind: 'summary', view: summaryView(s) }, { threadId: target.threadId });
  return tracesRef({ messages: [summary], files: fileIds });
}

/**
 * The map on a platform that shows files from links (Teams): this snapshot's files are published (rendered
 * once and kept, so the message goes on showing them after the workshop changes) and the summary shows them.
 * Without PARCOURS_PUBLIC_URL there are no links: the summary still goes, saying what the map needs.
 */
async function postMapLinks(d: ConversationDeps, m: Messenger, s: WorkshopSnapshot, target: MapTarget, options: { documents?: boolean }): Promise<string> {
  let files: SummaryFiles = 'unconfigured';
  if (d.fileLinks) {
    const links = await d.fileLinks.publish(s, { documents: options.documents ?? false });
    files = { preview: links.preview, map: links.map, parts: links.parts, ...(options.documents ? { roadmap: { md: links.roadmap.md, csv: links.roadmap.csv } } : {}) };
  } else {
    d.logger.warn({ workshopId: s.workshop.id }, 'a map was posted without its picture: PARCOURS_PUBLIC_URL is not set');
  }
  const summary = await m.post(target.conversationId, { kind: 'summary', view: summaryView(s, files) }, { threadId: target.threadId });
  return tracesRef({ messages: [summary], files: [] });
}

/**
 * Makes one delivery at most once: 'claimed' runs `send`; a delivery already made or failed for good is
 * skipped; a claim held by another run makes this one retry later. A failed send gives the claim back
 * (`permanent`: for good) and is thrown.
 */
export async function deliverOnce(
  d: ConversationDeps, workspaceId: string, workshopId: string, key: string,
  send: () => Promise<string | null>, isPermanent: (error: unknown) => boolean,
): Promise<'sent' | 'delivered' | 'failed'> {
  const claim = await d.deliveries.claim(workspaceId, workshopId, key);
  if (claim.status === 'delivered') return 'delivered';
  if (claim.status === 'failed') return 'failed';
  if (claim.status === 'race') throw new LostRace(key);
  try {
    const ref = await send();
    await d.deliveries.delivered(workspaceId, workshopId, key, ref);
    return 'sent';
  } catch (error) {
    const code = (error as { data?: { error?: unknown }; code?: unknown } | null)?.data?.error ?? (error as { code?: unknown } | null)?.code ?? 'error';
    await d.deliveries.failed(workspaceId, workshopId, key, String(code).slice(0, 200), isPermanent(error));
    throw error;
  }
}

/**
 * Where a head's message points back to: the workshop's thread (its anchor) and the final map of this
 * closing (the summary posted beside it). A link the platform cannot give is left out: the message still goes.
 * Where files are shown from links (Teams, which gives no permalinks), the final map and the department's
 * own roadmap documents, published with the final map (publishing again only draws what is not kept yet).
 */
export async function headLinks(d: ConversationDeps, m: Messenger, workspaceId: string, workshopId: string, round: string): Promise<HeadLinks> {
  const conv = await d.conversations.get(workspaceId, workshopId);
  const files = m.files === 'links' && d.fileLinks ? await d.fileLinks.publish(await d.queries.snapshot(workspaceId, workshopId), { documents: true }) : null;
  const published = files ? { departments: files.departments } : {};
  if (!conv) return { thread: null, map: files?.map ?? null, ...published };
  const mapRef = (await d.deliveries.list(workspaceId, workshopId)).find((r) => r.key === `final:${round}:map` && r.status === 'delivered')?.ref ?? null;
  const link = async (messageId: string | null | undefined): Promise<string | null> => {
    if (!messageId) return null;
    try {
      return await m.permalink(conv.conversationId, messageId);
    } catch (error) {
      d.logger.warn({ workshopId, error: String(error) }, 'no permalink for a head’s message');
      return null;
    }
  };
  return { thread: await link(conv.rootMessageId), map: (await link(tracesOf(mapRef).messages[0])) ?? files?.map ?? null, ...published };
}

/** The round of a closing: a workshop reopened and closed again delivers again. */
export function closingRound(s: WorkshopSnapshot): string {
  return String(s.workshop.closedAt?.getTime() ?? s.workshop.version);
}
