// A live session's timer on the current step, through the engine on a real database with a controlled clock:
// start, pause, resume, extend, stop; its end, run by the scheduler, idempotent and never on a stale timer;
// and the lock — while the timer has run out, contributions to the step are refused until the facilitator
// extends or stops it, or moves on.
import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/core/commands.js';
import { Engine, type Outcome } from '../../src/core/engine.js';
import { plannedEvents } from '../../src/core/timing.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { providers } from '../helpers/database.js';
import { engineSuite } from '../helpers/engine.js';

const T0 = new Date('2026-06-03T10:00:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(providers)('the live timer on %s', (provider) => {
  const h = engineSuite(provider);
  let now = T0;
  let engine: Engine | undefined;
  const run = (userId: string, command: CommandInput): Promise<Outcome> => {
    engine ??= new Engine(h.store, { clock: { now: () => now } });
    return engine.execute(h.actor(userId), command);
  };
  const ok = async (userId: string, command: CommandInput) => {
    const outcome = await run(userId, command);
    if (!outcome.ok) expect.fail(`${command.type} refused: ${outcome.error.code}`);
    return outcome;
  };
  const refused = async (userId: string, command: CommandInput | Record<string, unknown>) => {
    const outcome = await run(userId, command as CommandInput);
    if (outcome.ok) expect.fail(`${String(command.type)} was accepted`);
    return outcome.error;
  };
  const snapshot = (workshopId: string) => h.queries.snapshot(h.workspaceId, workshopId);

  /** A workshop at the evaluation step: one stage, one touchpoint, one irritant of ANA's. */
  async function atEvaluation(): Promise<{ workshopId: string; stageId: string; observationId: string }> {
    now = T0;
    const created = await ok('FAC', {
      type: 'createWorkshop', title: 'Live', language: 'en', mode: 'live', departments: [{ name: 'Care' }], persona: { name: 'Lou' }, goal: 'Get help',
    });
    const { workshopId } = created.result as { workshopId: string };
    await ok('ANA', { type: 'join', workshopId });
    await ok('FAC', { type: 'advanceStep', workshopId });
    await ok('FAC', { type: 'advanceStep', workshopId });
    const { stageId } = (await ok('ANA', { type: 'addStage', workshopId, label: 'I call support', phase: 'after' })).result as { stageId: string };
    await ok('FAC', { type: 'advanceStep', workshopId });
    await ok('ANA', { type: 'addTouchpoint', workshopId, stageId, channel: 'Phone' });
    await ok('FAC', { type: 'advanceStep', workshopId });
    const { observationId } = (await ok('ANA', { type: 'addObservation', workshopId, kind: 'irritant', text: 'Hold music', stageId })).result as { observationId: string };
    return { workshopId, stageId, observationId };
  }

  it('runs from start to end: pause, resume, extend, each planned again', async () => {
    const { workshopId } = await atEvaluation();
    const started = await ok('FAC', { type: 'startTimer', workshopId, minutes: 10 });
    expect(started.result).toEqual({ step: 'evaluation', endsAt: min(10).toISOString(), leftMs: null });
    expect(started.effects).toEqual([{ kind: 'contentChanged', workshopId }, { kind: 'scheduleChanged', workshopId }]);
    let s = await snapshot(workshopId);
    expect(s.timer).toEqual({ step: 'evaluation', endsAt: min(10), leftMs: null, ended: false, lastNudgeAt: null });
    expect(plannedEvents(s, now).map((e) => [e.key, e.dueAt])).toEqual([['timer:warn', min(8)], ['timer:tick', min(1)], ['timer:end', min(10)]]);

    now = min(3);
    expect((await ok('FAC', { type: 'pauseTimer', workshopId })).result).toEqual({ step: 'evaluation', endsAt: null, leftMs: 7 * 60_000 });
    s = await snapshot(workshopId);
    expect(s.timer).toMatchObject({ endsAt: null, leftMs: 7 * 60_000, ended: false });
    expect(plannedEvents(s, now)).toEqual([]);

    now = min(5);
    await ok('FAC', { type: 'resumeTimer', workshopId });
    now = min(6);
    await ok('FAC', { type: 'extendTimer', workshopId, minutes: 5 });
    s = await snapshot(workshopId);
    expect(s.timer).toMatchObject({ endsAt: min(17), leftMs: null, ended: false });

    // The end planned before the pause is stale: nothing happens.
    now = min(10);
    expect((await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(10) })).result).toEqual({ step: 'evaluation', ended: false });
    expect((await snapshot(workshopId)).timer.ended).toBe(false);

    now = min(17);
    const ended = await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(17).toISOString() as never });
    expect(ended.result).toEqual({ step: 'evaluation', ended: true });
    expect(ended.effects).toEqual([{ kind: 'contentChanged', workshopId }, { kind: 'scheduleChanged', workshopId }]);
    // Run again (another replica, a retry): nothing more.
    const again = await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(17) });
    expect(again.result).toEqual({ step: 'evaluation', ended: false });
    expect(again.effects).toEqual([]);
    s = await snapshot(workshopId);
    expect(s.timer).toMatchObject({ endsAt: min(17), ended: true });
    expect(plannedEvents(s, now)).toEqual([]);
  });

  it('closes the step’s contributions, votes included, once the timer has run out, in English and French', async () => {
    const { workshopId, stageId, observationId } = await atEvaluation();
    await ok('FAC', { type: 'startTimer', workshopId, minutes: 5 });
    now = min(5);
    await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(5) });
    const contributions: CommandInput[] = [
      { type: 'addObservation', workshopId, kind: 'irritant', text: 'Too late', stageId },
      { type: 'rateEmotion', workshopId, stageId, score: -1 },
      { type: 'flagMomentOfTruth', workshopId, observationId },
      { type: 'vote', workshopId, target: { observationId } },
    ];
    for (const command of contributions) {
      const error = await refused('ANA', command);
      expect(error.code, command.type).toBe('errors.timerEnded');
    }
    // The facilitator is held to it too; what is not a contribution (revealing the votes) is not.
    expect((await refused('FAC', contributions[0]!)).code).toBe('errors.timerEnded');
    await ok('FAC', { type: 'revealVotes', workshopId, step: 'evaluation' });
    const error = await refused('ANA', contributions[0]!);
    expect(localizeRefusal(error, 'en')).toBe('Time is up for this step: the facilitator can extend the timer or move on.');
    expect(localizeRefusal(error, 'fr')).toBe('Le temps de cette séquence est écoulé : l’animateur·rice peut prolonger le minuteur ou passer à la suite.');

    // Extending reopens the step, for the time added from now.
    now = min(7);
    expect((await ok('FAC', { type: 'extendTimer', workshopId, minutes: 2 })).result).toMatchObject({ endsAt: min(9).toISOString() });
    await ok('ANA', contributions[1]!);
    await ok('ANA', contributions[3]!);

    // Run out again, then stopped: open again.
    now = min(9);
    await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(9) });
    expect((await refused('ANA', contributions[0]!)).code).toBe('errors.timerEnded');
    await ok('FAC', { type: 'stopTimer', workshopId });
    expect((await snapshot(workshopId)).timer).toMatchObject({ endsAt: null, leftMs: null, ended: false });
    await ok('ANA', contributions[0]!);
  });

  it('lifts the lock when the workshop moves on, and a reopened step starts without its old timer', async () => {
    const { workshopId, stageId, observationId } = await atEvaluation();
    await ok('FAC', { type: 'startTimer', workshopId, minutes: 1 });
    now = min(1);
    await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(1) });
    await ok('FAC', { type: 'advanceStep', workshopId });
    const s = await snapshot(workshopId);
    expect(s.timer).toEqual({ step: 'solutions', endsAt: null, leftMs: null, ended: false, lastNudgeAt: null });
    await ok('ANA', { type: 'proposeSolution', workshopId, text: 'Call back', addresses: [observationId] });
    await ok('FAC', { type: 'reopenStep', workshopId, step: 'evaluation' });
    expect((await snapshot(workshopId)).timer).toMatchObject({ step: 'evaluation', ended: false, endsAt: null });
    await ok('ANA', { type: 'addObservation', workshopId, kind: 'enchantment', text: 'Kind agent', stageId });
  });

  it('is the facilitator’s, on an open workshop, within its limits, and says what is wrong in both languages', async () => {
    const { workshopId } = await atEvaluation();
    const cases: [string, Record<string, unknown>, string][] = [
      ['ANA', { type: 'startTimer', workshopId, minutes: 5 }, 'errors.notFacilitator'],
      ['ANA', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(5) }, 'errors.notFacilitator'],
      ['FAC', { type: 'startTimer', workshopId, minutes: 0 }, 'errors.invalidCommand'],
      ['FAC', { type: 'startTimer', workshopId, minutes: 181 }, 'errors.invalidCommand'],
      ['FAC', { type: 'extendTimer', workshopId, minutes: 61 }, 'errors.invalidCommand'],
      ['FAC', { type: 'pauseTimer', workshopId }, 'errors.timerNotRunning'],
      ['FAC', { type: 'resumeTimer', workshopId }, 'errors.timerNotPaused'],
      ['FAC', { type: 'extendTimer', workshopId, minutes: 5 }, 'errors.noTimer'],
      ['FAC', { type: 'stopTimer', workshopId }, 'errors.noTimer'],
    ];
    for (const [who, command, code] of cases) {
      const error = await refused(who, command);
      expect(error.code, JSON.stringify(command)).toBe(code);
      for (const language of ['en', 'fr'] as const) {
        const text = localizeRefusal(error, language);
        expect(text, `${code} in ${language}`).not.toMatch(/{{|}}|^errors\.|validation\.|fields\./);
      }
    }
    expect(localizeRefusal({ code: 'errors.noTimer' }, 'fr')).toBe('Il n’y a pas de minuteur sur cette séquence. Lancez-en un d’abord.');
    await ok('FAC', { type: 'startTimer', workshopId, minutes: 5 });
    expect((await refused('FAC', { type: 'resumeTimer', workshopId })).code).toBe('errors.timerNotPaused');
    // A closed workshop: no timer to start, and the scheduler's end does nothing.
    await ok('FAC', { type: 'closeWorkshop', workshopId });
    expect((await refused('FAC', { type: 'startTimer', workshopId, minutes: 5 })).code).toBe('errors.workshopClosed');
    now = min(5);
    expect((await ok('FAC', { type: 'endTimer', workshopId, step: 'evaluation', endsAt: min(5) })).result).toEqual({ step: 'evaluation', ended: false });
  });
});
