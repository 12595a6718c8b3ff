// What the conversation layer works with: the engine and its queries, its own storage ports, the job
// queue, the chat platforms that registered, and how to draw a map. src/server.ts wires them.
import type { Clock, Engine } from '../core/engine.js';
import type { Queries } from '../core/queries.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Store } from '../core/store.js';
import type { Language } from '../core/vocabulary.js';
import type { Logger } from '../log.js';
import type { StageRange } from '../render/index.js';
import type { Assistant } from './assistant.js';
import type { FileLinks } from './file-links.js';
import type { ChatPlatform } from './platform.js';
import type { PersonStore, TimedEventStore } from './schedule-store.js';
import type { ConversationStore, DeliveryStore, JobQueue, PlatformName } from './storage.js';

/** One posted picture: the whole map ("map"), or a part of a long journey ("map-part-2") and its stages. */
export interface MapImage {
  name: string;
  part?: StageRange;
  png: Buffer;
}

/** The whole map first, then its parts when the journey is too long to read in one picture. */
export type MapRenderer = (workspaceId: string, snapshot: WorkshopSnapshot) => Promise<MapImage[]>;

export interface ConversationDeps {
  engine: Engine;
  queries: Queries;
  /** `transaction`: claiming a request's answer once (ConversationLayer.firstAnswer). */
  store: Pick<Store, 'ensureWorkspace' | 'setUninstalled' | 'purgeWorkspace' | 'transaction'>;
  conversations: ConversationStore;
  deliveries: DeliveryStore;
  jobs: JobQueue;
  /** The application's clock (the engine's): timed events fall due on it, and tests move it by hand. */
  clock: Clock;
  /** Each workshop's reminders, deadlines, digest and timer events, which the scheduler hands over when due. */
  timedEvents: TimedEventStore;
  /** People's time zones, so that reminders fall inside their working hours. */
  people: PersonStore;
  logger: Logger;
  /** Language of what is shown outside a workshop (help, home, the framing form by default). */
  language: Language;
  renderMap: MapRenderer;
  /** Signed links to a workshop's map and documents (file-links.ts); null or absent without PARCOURS_PUBLIC_URL. */
  fileLinks?: FileLinks | null;
  /** AI suggestions (a model, or the fallbacks alone): asked for only by jobs, never on a request's path. */
  assistant: Assistant;
}

/** The platforms that registered (each adapter registers its own when it starts). */
export class Platforms {
  private readonly byName = new Map<PlatformName, ChatPlatform>();

  register(platform: ChatPlatform): void {
    this.byName.set(platform.name, platform);
  }

  get(name: PlatformName): ChatPlatform {
    const platform = this.byName.get(name);
    if (!platform) throw new Error(`the ${name} adapter is not running here`);
    return platform;
  }

  has(name: PlatformName): boolean {
    return this.byName.has(name);
  }
}

/**
 * A platform's workspace → its Parcours workspace. A request is what shows the app is still (or again)
 * installed there (ensureWorkspace clears a recorded removal), and a purged workspace must be created anew:
 * so the answer is remembered only briefly (REMEMBER_MS), and forgotten at once by the process that records
 * the app's removal. Another replica may, for that long after a removal, take one of the workspace's requests
 * without clearing the mark; any request after that clears it, and the grace period counts in days. Fifty
 * clicks at once otherwise each cost a read before any of their own work (bench/README.md, "Teams").
 */
export class Workspaces {
  private readonly known = new Map<string, { id: string; until: number }>();

  constructor(private readonly store: Pick<Store, 'ensureWorkspace'>) {}

  async idOf(platform: PlatformName, external: string, name = ''): Promise<string> {
    const key = `${platform}\u0000${external}\u0000${name}`;
    const now = performance.now();
    const hit = this.known.get(key);
    if (hit && hit.until > now) return hit.id;
    const { id } = await this.store.ensureWorkspace(platform, external, name);
    if (this.known.size >= MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
    this.known.delete(key);
    this.known.set(key, { id, until: now + REMEMBER_MS });
    return id;
  }

  /** The app was removed from (or installed again in) this workspace: its next request reads it again. */
  forget(platform: PlatformName, external: string): void {
    const prefix = `${platform}\u0000${external}\u0000`;
    for (const key of this.known.keys()) if (key.startsWith(prefix)) this.known.delete(key);
  }
}

/** How long a workspace read is remembered (see Workspaces). */
const REMEMBER_MS = 5_000;
/** Workspaces remembered at most: the oldest goes first. */
const MAX_REMEMBERED = 10_000;
