// What people type to the bot — help | new [fr|en] | status | list | map | controls, in English or
// French — answered at once; anything slow (drawing the map) is a job.
import { LANGUAGES, type Language } from '../core/vocabulary.js';
import { anchorView } from '../present/anchor.js';
import { controlsNotice, controlsView } from '../present/controls.js';
import { framingForm } from '../present/forms/build.js';
import { HOME_WORKSHOPS, homeLanguage, homeView, loadHome } from '../present/home.js';
import type { ControlsView } from '../present/model.js';
import { helpNotice, problemNotice, refusalNotice } from '../present/notices.js';
import { words } from '../present/text.js';
import { answer, type Answer } from './replies.js';
import { mapLater, refreshLater, type Request } from './request.js';

const SUBCOMMANDS: Record<string, 'help' | 'new' | 'status' | 'list' | 'map' | 'controls'> = {
  help: 'help', aide: 'help', new: 'new', nouveau: 'new', nouvel: 'new', status: 'status', statut: 'status', list: 'list', liste: 'list', map: 'map', carte: 'map',
  controls: 'controls', pilotage: 'controls', animation: 'controls', commandes: 'controls',
};

/** The language a command word belongs to: outside a workshop, `aide` is answered in French and `help` in English. */
const FRENCH = new Set(['aide', 'nouveau', 'nouvel', 'statut', 'liste', 'carte', 'pilotage', 'animation', 'commandes']);
const ENGLISH = new Set(['help', 'new', 'status', 'list', 'map', 'controls']);

export async function onCommand(r: Request, text: string): Promise<Answer> {
  const [first = '', second = ''] = text.trim().toLowerCase().split(/\s+/);
  const sub = SUBCOMMANDS[first] ?? 'help';
  const typed: Language | null = FRENCH.has(first) ? 'fr' : ENGLISH.has(first) ? 'en' : null;
  if (typed) r = { ...r, typed };
  switch (sub) {
    case 'help':
      return answer({ kind: 'notice', notice: helpNotice(await channelLanguage(r), r.platform.command) });
    case 'new': {
      const language = (LANGUAGES as readonly string[]).includes(second) ? (second as Language) : r.d.language;
      return answer({ kind: 'openForm', form: framingForm(language), state: { form: 'framing', workshopId: null, conversationId: r.origin.conversationId, threadId: null } });
    }
    case 'status':
      return status(r);
    case 'list':
      return home(r);
    case 'map':
      return map(r);
    case 'controls':
      return controls(r);
    default: {
      const never: never = sub;
      throw new Error(`unhandled subcommand ${String(never)}`);
    }
  }
}

/** The language of the channel's workshop, if it has one: help there speaks like the workshop (docs/glossary.md). */
async function channelLanguage(r: Request): Promise<Language> {
  const conv = await currentWorkshop(r);
  return (conv && await r.d.queries.language(r.workspaceId, conv.workshopId)) ?? r.typed ?? r.d.language;
}

async function currentWorkshop(r: Request) {
  return r.origin.conversationId ? r.d.conversations.latestIn(r.workspaceId, r.origin.platform, r.origin.conversationId) : null;
}

function noWorkshop(r: Request): Answer {
  return answer({ kind: 'notice', notice: problemNotice(r.typed ?? r.d.language, 'noWorkshop', { command: r.platform.command }) });
}

async function status(r: Request): Promise<Answer> {
  const conv = await currentWorkshop(r);
  if (!conv) return noWorkshop(r);
  const snapshot = await r.d.queries.snapshot(r.workspaceId, conv.workshopId);
  const owed = (await r.d.queries.owed(r.workspaceId, conv.workshopId))
    .find((o) => snapshot.participants.find((p) => p.id === o.participantId)?.userId === r.origin.userId);
  const w = words(snapshot.workshop.language);
  const mine = owed?.owes.length ? owed.owes.map((o) => w.t(o.key, { count: o.count })).join(', ') : w.p('home.nothingOwed');
  // A missing anchor or step message (the bot was not in the channel yet) is posted now.
  await refreshLater(r, conv.workshopId);
  return answer({ kind: 'status', anchor: anchorView(snapshot), yours: `${w.p('status.yours')} ${mine}` });
}

/** The facilitator's controls of this channel's workshop, privately; anyone else is refused as the engine would. */
async function controls(r: Request): Promise<Answer> {
  const conv = await currentWorkshop(r);
  if (!conv) return noWorkshop(r);
  const snapshot = await r.d.queries.snapshot(r.workspaceId, conv.workshopId);
  const facilitates = snapshot.participants.some((p) => p.role === 'facilitator' && p.userId === r.origin.userId);
  if (!facilitates) return answer({ kind: 'notice', notice: refusalNotice({ code: 'errors.notFacilitator' }, snapshot.workshop.language) });
  return answer({ kind: 'notice', notice: controlsNotice(snapshot, r.platform.command) });
}

/** `list`, and a home tab opened: the person's workshops, with their controls in those they facilitate. */
export async function home(r: Request): Promise<Answer> {
  const entries = await loadHome(r.d.queries, r.workspaceId, r.origin.userId);
  const w = words(homeLanguage(entries, r.d.language));
  const controls = new Map<string, ControlsView>();
  for (const e of entries.filter((x) => x.role === 'facilitator').slice(0, HOME_WORKSHOPS)) {
    controls.set(e.workshop.id, controlsView(await r.d.queries.snapshot(r.workspaceId, e.workshop.id), w));
  }
  const view = homeView(entries, r.d.language, r.platform.command, controls);
  const conversations = await r.d.conversations.conversationsOf(r.workspaceId, view.workshops.map((w) => w.workshopId));
  return answer({ kind: 'home', view, conversations });
}

async function map(r: Request): Promise<Answer> {
  const conv = await currentWorkshop(r);
  if (!conv) return noWorkshop(r);
  const language = await r.d.queries.language(r.workspaceId, conv.workshopId) ?? r.d.language;
  await mapLater(r, conv.workshopId, r.origin.conversationId);
  return answer({ kind: 'notice', notice: { tone: 'info', lines: [[words(language).p('map.rendering')]] } });
}
