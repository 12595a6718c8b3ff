// Marking matrix cells "not used on this channel", through the real Bolt app, in French and in English: the
// facilitator marks and unmarks empty cells from the "Edit or remove…" menu, a participant is told privately
// that it is the facilitator's call, and the map drawn for the thread shows the marked cell as not used and
// the cells left empty as missing touchpoints. A target journey started from it keeps the marks, and its map
// is drawn beside the current journey's.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { translator } from '../../src/i18n/index.js';
import { renderMapPngs } from '../../src/render/index.js';
import { mapRenderer } from '../../src/server.js';
import { parseSvg, withAttr } from '../render/helpers.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { expectWithinLimits, settle, TEAM } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, FAC } from './helpers/users.js';

const TEXT = {
  en: { title: 'Furniture store', sales: 'Sales', persona: 'Claire', goal: 'Take my furniture home the same day', choose: 'I choose my furniture in store', pickup: 'I pick up my furniture', web: 'Website', desk: 'Pick-up desk' },
  fr: { title: 'Magasin de meubles', sales: 'Ventes', persona: 'Claire', goal: 'Repartir avec mes meubles le jour même', choose: 'Je choisis mes meubles en magasin', pickup: 'Je récupère mes meubles', web: 'Site web', desk: 'Comptoir retrait' },
} as const;

type Option = { value: string; text: { text: string } };
type Block = { block_id?: string; element?: { option_groups?: { label: { text: string }; options: Option[] }[] } };

/** The value of a cell in the form's multi-select: the channel, under its stage's group. */
function cell(view: Record<string, unknown>, field: string, stage: string, channel: string): string {
  const block = (view.blocks as Block[]).find((b) => b.block_id === field);
  const group = block?.element?.option_groups?.find((g) => g.label.text.includes(stage));
  const option = group?.options.find((o) => o.text.text === channel);
  if (!option) throw new Error(`no ${channel} under ${stage} in ${field}: ${JSON.stringify(block).slice(0, 600)}`);
  return option.value;
}

describe.each(['en', 'fr'] as const)('channels not used at a stage, in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const t = translator(lang);
  let workshopId: string;
  /** Each map the thread was sent, as drawn (SVG) for the snapshot it was drawn from. */
  const maps: { snapshot: WorkshopSnapshot; svg: string }[] = [];
  const slack = slackWorkshopSuite({
    replica: {
      // The server's own renderer (what goes beside the map included), drawing through the real one and keeping the SVG.
      renderMap: (workspaceId, snapshot) => mapRenderer(slack.replica.server.queries, async (s, options) => {
        const pictures = await renderMapPngs(s, options);
        maps.push({ snapshot: s, svg: pictures[0]!.svg });
        return pictures;
      })(workspaceId, snapshot),
    },
    closeRenderPool: true,
  });

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), {
      title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: x.persona, goal: x.goal, department_0: x.sales, voteBudget: 3,
    });
    workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    await slack.d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (l) => l === x.sales) }));
    // The steps before are not the subject here: they go through the engine the adapter runs on.
    const { engine } = slack.replica.server;
    const fac = { workspaceId: (await slack.db.prisma.workshop.findFirstOrThrow()).workspaceId, userId: FAC.id, displayName: FAC.name };
    const ok = async (command: Record<string, unknown>) => {
      // With the conversation as origin, the workshop's messages follow as they would after a click.
      const origin = { platform: 'slack', workspace: TEAM.id, userId: FAC.id, conversationId: CHANNEL, threadId: null };
      const outcome = await engine.execute(fac, { workshopId, ...command }, { origin });
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
      return outcome.ok ? outcome.result : {};
    };
    await ok({ type: 'advanceStep' });
    await ok({ type: 'advanceStep' });
    const choose = (await ok({ type: 'addStage', label: x.choose, phase: 'before' })).stageId;
    const pickup = (await ok({ type: 'addStage', label: x.pickup, phase: 'after' })).stageId;
    await ok({ type: 'advanceStep' });
    // Website at the first stage, the pick-up desk at the second: the two other cells are empty.
    await ok({ type: 'addTouchpoint', stageId: choose, channel: x.web, description: '' });
    await ok({ type: 'addTouchpoint', stageId: pickup, channel: x.desk, description: '' });
    expect(await slack.db.prisma.touchpoint.count({ where: { workshopId } })).toBe(2);
    expect((await slack.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).step).toBe('touchpoints');
    await settle(slack.replica); // the step messages follow the engine's jobs
    // The controls posted at the step's start predate the matrix's channels; the App Home draws them afresh.
    await slack.d.homeOpened(FAC, 'Ev0CELLSHOME');
  }, 60_000);

  const ids = async () => {
    const stage = (label: string) => slack.db.prisma.stage.findFirstOrThrow({ where: { workshopId, label } }).then((s) => s.id);
    const channel = (name: string) => slack.db.prisma.channel.findFirstOrThrow({ where: { workshopId, name } }).then((c) => c.id);
    return { choose: await stage(x.choose), pickup: await stage(x.pickup), web: await channel(x.web), desk: await channel(x.desk) };
  };

  /** Draws the map in the thread and reads its matrix back: each cell's state by "stageId|channelId". */
  async function mapCells(): Promise<{ cells: Map<string, string>; svg: string }> {
    const before = maps.length;
    await slack.d.command(FAC, 'map');
    expect(maps.length).toBe(before + 1);
    const svg = maps.at(-1)!.svg;
    const cells = new Map(withAttr(parseSvg(svg), 'data-cell').map((e) => [
      e.getAttribute('data-cell')!,
      e.getAttribute('data-unused') === 'true' ? 'unused' : e.getAttribute('data-missing') === 'true' ? 'missing' : `touchpoints:${e.getAttribute('data-touchpoints')}`,
    ]));
    return { cells, svg };
  }

  it('leaves marking to the facilitator: a participant is told so privately, and no form opens', async () => {
    const from = slack.d.mark();
    await slack.d.choose(ANA, 'cellUse');
    expect(slack.d.toldTo(ANA, from).join()).toContain(localizeRefusal({ code: 'errors.notFacilitator', params: {} }, lang));
    expect(slack.fake.calls.slice(from).filter((c) => c.method === 'views.open')).toHaveLength(0);
    expect(await slack.db.prisma.unusedCell.count()).toBe(0);
  });

  it('draws both empty cells as missing touchpoints before anything is marked', async () => {
    const { choose, pickup, web, desk } = await ids();
    const { cells } = await mapCells();
    expect(Object.fromEntries(cells)).toEqual({
      [`${choose}|${web}`]: 'touchpoints:1', [`${choose}|${desk}`]: 'missing',
      [`${pickup}|${web}`]: 'missing', [`${pickup}|${desk}`]: 'touchpoints:1',
    });
  });

  it('marks the website at pick-up as not used: stored, and drawn so on the map while the other gap stays a gap', async () => {
    const { choose, pickup, web, desk } = await ids();
    const { sent, view } = await slack.d.edit(FAC, 'cellUse', (v) => {
      // Only empty cells are offered, under their stage; nothing is marked yet, so there is nothing to unmark.
      expect((v.blocks as Block[]).some((b) => b.block_id === 'used')).toBe(false);
      expect(() => cell(v, 'unused', x.choose, x.web)).toThrow();
      return { unused: [cell(v, 'unused', x.pickup, x.web)] };
    });
    expect(view.title).toMatchObject({ text: t('present:forms.cellUse.title') });
    expect(sent.body).toBe('');
    expect(await slack.db.prisma.unusedCell.findMany({ select: { stageId: true, channelId: true, workshopId: true } })).toEqual([{ stageId: pickup, channelId: web, workshopId }]);
    // The step message says it too, under the stage.
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(t('present:items.notUsed', { count: 1, channels: x.web }));

    const { cells, svg } = await mapCells();
    expect(cells.get(`${pickup}|${web}`)).toBe('unused');
    expect(cells.get(`${choose}|${desk}`)).toBe('missing');
    expect(maps.at(-1)!.snapshot.unusedCells).toEqual([{ stageId: pickup, channelId: web }]);
    // The legend names both marks, and counts the one gap left.
    expect(svg).toContain(t('render:legend.unused'));
    expect(svg).toContain(t('render:legend.missingCount', { count: 1 }));
  });

  it('takes the mark off again: the cell is a missing touchpoint once more', async () => {
    const { pickup, web } = await ids();
    await slack.d.edit(FAC, 'cellUse', (v) => ({ used: [cell(v, 'used', x.pickup, x.web)] }));
    expect(await slack.db.prisma.unusedCell.count()).toBe(0);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).not.toContain(t('present:items.notUsed', { count: 1, channels: x.web }));
    const { cells, svg } = await mapCells();
    expect(cells.get(`${pickup}|${web}`)).toBe('missing');
    expect(svg).not.toContain(t('render:legend.unused'));
    expect(svg).toContain(t('render:legend.missingCount', { count: 2 }));
  });

  it('asks for a choice when the form is sent empty, and changes nothing', async () => {
    const { sent } = await slack.d.edit(FAC, 'cellUse', {});
    const answer = sent.json() as { response_action?: string; errors?: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.values(answer.errors ?? {})).toContain(t('present:forms.cellUse.nothingPicked'));
    expect(await slack.db.prisma.unusedCell.count()).toBe(0);
  });

  it('carries the marks to a target journey, whose map is drawn beside the current journey', async () => {
    const { pickup } = await ids();
    await slack.d.edit(FAC, 'cellUse', (v) => ({ unused: [cell(v, 'unused', x.pickup, x.web)] }));
    await slack.d.edit(FAC, 'targetJourney', { title: `${x.title} — ${t('journeys.target')}` });
    const target = await slack.db.prisma.workshop.findFirstOrThrow({ where: { journey: 'target' } });
    expect(target.sourceWorkshopId).toBe(workshopId);
    const copied = await slack.db.prisma.unusedCell.findMany({ where: { workshopId: target.id }, include: { stage: true, channel: true } });
    expect(copied.map((u) => [u.stage.sourceStageId, u.channel.name])).toEqual([[pickup, x.web]]);

    const before = maps.length;
    await slack.d.command(FAC, 'map');
    const drawn = maps.slice(before).find((m) => m.snapshot.workshop.id === target.id);
    expect(drawn, 'the target journey’s map').toBeDefined();
    const doc = parseSvg(drawn!.svg);
    const beside = withAttr(doc, 'data-section').find((e) => e.getAttribute('data-section') === 'journeys');
    expect(beside?.getAttribute('data-current-workshop')).toBe(workshopId);
    expect(beside?.textContent).toContain(t('render:journeys.title'));
    expect(withAttr(doc, 'data-unused').map((e) => e.getAttribute('data-cell'))).toEqual([`${copied[0]!.stageId}|${copied[0]!.channelId}`]);
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(10);
  });
});
