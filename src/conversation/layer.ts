// The conversation layer's entry: every platform adapter hands it what a person did (an intent, with
// where it came from) and renders what it answers; the job worker it starts carries out what must follow.
// It knows no platform: each adapter registers a ChatPlatform that says things in its own format.
import { onAction } from './actions.js';
import { onMessage } from './contribute.js';
import { home, onCommand } from './commands.js';
import { Platforms, Workspaces, type ConversationDeps } from './deps.js';
import { onRefresh, onSubmit, unusableForm } from './forms.js';
import type { Intent, Origin } from './intents.js';
import { jobHandlers } from './jobs.js';
import { Scheduler } from './scheduler.js';
import { isTimeZone } from '../core/time.js';

import type { ChatPlatform } from './platform.js';
import type { Answer } from './replies.js';
import type { Request } from './request.js';
import { installed, uninstalled } from './uninstall.js';

export class ConversationLayer {
  private readonly platforms = new Platforms();
  private readonly workspaces: Workspaces;
  private working = false;
  /** Hands timed events over to the job queue when they fall due; runs with the job worker. */
  private readonly scheduler: Scheduler;
  /**
   * Time zones this process stored, by workspace and person: a request that brings the same one again (every
   * Teams activity does) writes nothing.
   */
  private readonly zones = new Map<string, string>();

  /**
   * `worker: false` makes a replica that answers requests and records jobs, but leaves them to others;
   * `uninstallGraceDays`: how long a workspace's data is kept after the app was removed from it.
   */
  constructor(readonly deps: ConversationDeps, private readonly options: { worker?: boolean; uninstallGraceDays?: number } = {}) {
    this.workspaces = new Workspaces(deps.store);
    this.scheduler = new Scheduler(deps);
  }

  /** An adapter says it is running here; jobs of its platform can then run on this replica. */
  async register(platform: ChatPlatform): Promise<void> {
    this.platforms.register(platform);
    if (this.working || this.options.worker === false) return;
    this.working = true;
    await this.deps.jobs.work(jobHandlers(this.deps, this.platforms));
    this.scheduler.start();
  }

  /** Hands over the timed events due now on the layer's clock (tests; the scheduler also does it every few seconds). */
  tick(): Promise<number> {
    return this.scheduler.tick();
  }

  /** A person's time zone as their platform gave it with a request (Teams' localTimezone): kept when it changed. */
  async timeZoneSeen(workspaceId: string, userId: string, timeZone: string): Promise<void> {
    const key = `${workspaceId} ${userId}`;
    if (this.zones.get(key) === timeZone || !isTimeZone(timeZone)) return;
    await this.deps.people.setTimeZone(workspaceId, userId, timeZone);
    this.remember(key, timeZone);
  }

  private remember(key: string, timeZone: string): void {
    if (this.zones.size >= 50_000) this.zones.clear(); // a bound, not an eviction policy: forgetting only costs a write or a look-up
    this.zones.set(key, timeZone);
  }

  /** The Parcours workspace of a platform's workspace (created on first sight). */
  workspaceOf(platform: Origin['platform'], external: string, name = ''): Promise<string> {
    return this.workspaces.idOf(platform, external, name);
  }

  /** The app was installed in a workspace (again): it gets its Parcours workspace, and nothing of it is deleted. */
  async installed(platform: Origin['platform'], external: string, name = ''): Promise<void> {
    await this.workspaces.idOf(platform, external, name);
    await installed(this.deps, platform, external);
  }

  /** The app was removed from a workspace: its data is deleted after the grace period, unless it comes back. */
  async uninstalled(platform: Origin['platform'], external: string): Promise<void> {
    await uninstalled(this.deps, platform, external, this.options.uninstallGraceDays ?? 30);
    this.workspaces.forget(platform, external);
  }

  /**
   * `workspaceId`: the origin's workspace when the adapter already asked `workspaceOf` for this very request
   * (it is then not asked again).
   */
  async handle(origin: Origin, intent: Intent, workspaceId?: string): Promise<Answer> {
    const platform = this.platforms.get(origin.platform);
    workspaceId ??= await this.workspaces.idOf(origin.platform, origin.workspace, origin.workspaceName ?? '');
    const r: Request = {
      d: this.deps, origin, platform, workspaceId,
      actor: { workspaceId, userId: origin.userId, displayName: origin.displayName.slice(0, 80) },
    };
    switch (intent.kind) {
      case 'command':
        return onCommand(r, intent.text);
      case 'action':
        return onAction(r, intent.action, intent.value, intent.form);
      case 'submit':
        if (intent.state.form === 'ballot') return unusableForm(r, 'unknownAction');
        return onSubmit(r, { state: { ...intent.state, form: intent.state.form }, values: intent.values, fieldIds: intent.fieldIds, title: intent.title });
      case 'refresh':
        return onRefresh(r, intent.state, intent.values);
      case 'unusable':
        return unusableForm(r, intent.problem);
      case 'homeOpened':
        return home(r);
      case 'message':
        return onMessage(r, intent.text, intent.threads);
      default: {
        const never: never = intent;
        throw new Error(`unhandled intent ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Whether this request's answer is still to be given: true once per delivery id, on every replica. A platform
   * re-delivers a request answered slowly (Teams does): the engine applies its commands once already, and this
   * keeps the answer itself (a card posted in a channel, a private message) from being sent twice. The claim
   * is a row of the engine's own ProcessedDelivery table, under an id of its own (`<delivery id>:answer`).
   * A request without a delivery id cannot be told from another: it is always answered. `workspaceId`: as for handle.
   */
  async firstAnswer(origin: Origin, workspaceId?: string): Promise<boolean> {
    if (!/:.+/.test(origin.deliveryId)) return true;
    workspaceId ??= await this.workspaces.idOf(origin.platform, origin.workspace, origin.workspaceName ?? '');
    const key = `${origin.deliveryId.slice(0, 190)}:answer`;
    return this.deps.store.transaction(workspaceId, async (tx) => {
      if (await tx.claimDelivery(key)) return false;
      await tx.completeDelivery(key, 'answered');
      return true;
    });
  }

  /** Resolves when no job due now is waiting or running (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    return this.deps.jobs.idle();
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.deps.jobs.stop();
  }
}
