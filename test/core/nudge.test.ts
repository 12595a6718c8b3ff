// The facilitator's nudge — remind who still owes something in the current step, at most once an hour per
// step — and the workshop's timing settings (reminders, auto-advance, digest), through the engine on a real
// database with a controlled clock.
import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../src/core/commands.js';
import { Engine, type Outcome } from '../../src/core/engine.js';
import { plannedEvents } from '../../src/core/timing.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { providers } from '../helpers/database.js';
import { engineSuite } from '../helpers/engine.js';

const T0 = new Date('2026-06-03T10:00:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(providers)('nudges and timing settings on %s', (provider) => {
  const h = engineSuite(provider);
  let now = T0;
  let engine: Engine | undefined;
  const run = (userId: string, command: CommandInput | Record<string, unknown>): Promise<Outcome> => {
    engine ??= new Engine(h.store, { clock: { now: () => now } });
    return engine.execute(h.actor(userId), command);
  };
  const ok = async (userId: string, command: CommandInput) => {
    const outcome = await run(userId, command);
    if (!outcome.ok) expect.fail(`${command.type} refused: ${outcome.error.code} ${JSON.stringify(outcome.error.params)}`);
    return outcome;
  };
  const refused = async (userId: string, command: CommandInput | Record<string, unknown>) => {
    const outcome = await run(userId, command);
    if (outcome.ok) expect.fail(`${String(command.type)} was accepted`);
    for (const language of ['en', 'fr'] as const) {
      expect(localizeRefusal(outcome.error, language), `${outcome.error.code} in ${language}`).not.toMatch(/{{|}}|^errors\.|validation\.|fields\./);
    }
    return outcome.error;
  };
  const snapshot = (workshopId: string) => h.queries.snapshot(h.workspaceId, workshopId);

  async function workshop(): Promise<string> {
    now = T0;
    const created = await ok('FAC', { type: 'createWorkshop', title: 'Async', language: 'fr', departments: [{ name: 'Care' }], persona: { name: 'Lou' }, goal: 'Get help' });
    const { workshopId } = created.result as { workshopId: string };
    await ok('ANA', { type: 'join', workshopId });
    return workshopId;
  }

  describe('nudge', () => {
    it('is refused while nobody owes anything, then sent at most once an hour per step', async () => {
      const workshopId = await workshop();
      expect((await refused('FAC', { type: 'nudge', workshopId })).code).toBe('errors.nothingToNudge');
      await ok('FAC', { type: 'advanceStep', workshopId });
      expect((await refused('FAC', { type: 'nudge', workshopId })).code).toBe('errors.nothingToNudge');
      await ok('FAC', { type: 'advanceStep', workshopId });

      const nudged = await ok('FAC', { type: 'nudge', workshopId });
      expect(nudged.result).toEqual({ step: 'stages' });
      expect(nudged.effects).toEqual([{ kind: 'nudged', workshopId, step: 'stages' }]);
      expect((await snapshot(workshopId)).timer.lastNudgeAt).toEqual(T0);

      now = min(10);
      const tooSoon = await refused('FAC', { type: 'nudge', workshopId });
      expect(tooSoon).toEqual({ code: 'errors.nudgeTooSoon', params: { count: 50, minutes: 50 } });
      expect(localizeRefusal(tooSoon, 'en')).toBe('People were reminded of this step less than an hour ago. You can remind them again in 50 minutes.');
      expect(localizeRefusal(tooSoon, 'fr')).toBe('Une relance a été envoyée pour cette séquence il y a moins d’une heure. Vous pourrez relancer de nouveau dans 50 minutes.');
      now = new Date(min(59).getTime() + 30_000);
      expect(localizeRefusal(await refused('FAC', { type: 'nudge', workshopId }), 'en')).toMatch(/in 1 minute\.$/);

      now = min(60);
      expect((await ok('FAC', { type: 'nudge', workshopId })).result).toEqual({ step: 'stages' });
      expect((await snapshot(workshopId)).timer.lastNudgeAt).toEqual(min(60));

      // Another step has an hour of its own.
      await ok('ANA', { type: 'addStage', workshopId, label: 'I call support', phase: 'after' });
      await ok('FAC', { type: 'advanceStep', workshopId });
      now = min(61);
      expect((await ok('FAC', { type: 'nudge', workshopId })).result).toEqual({ step: 'touchpoints' });
    });

    it('is the facilitator’s, on an open workshop', async () => {
      const workshopId = await workshop();
      await ok('FAC', { type: 'advanceStep', workshopId });
      await ok('FAC', { type: 'advanceStep', workshopId });
      expect((await refused('ANA', { type: 'nudge', workshopId })).code).toBe('errors.notFacilitator');
      await ok('FAC', { type: 'closeWorkshop', workshopId });
      expect((await refused('FAC', { type: 'nudge', workshopId })).code).toBe('errors.workshopClosed');
    });
  });

  describe('timing settings', () => {
    it('stores reminders, auto-advance and the digest, which the plan follows', async () => {
      const workshopId = await workshop();
      let s = await snapshot(workshopId);
      expect(s.workshop).toMatchObject({ reminderHours: [24, 1], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null });

      const set = await ok('FAC', {
        type: 'setTiming', workshopId, reminderHours: [2, 48], remindAnyTime: true, autoAdvance: true, digestHour: 17, digestTimeZone: 'Europe/Paris',
      });
      expect(set.effects).toEqual([{ kind: 'contentChanged', workshopId }, { kind: 'scheduleChanged', workshopId }]);
      s = await snapshot(workshopId);
      expect(s.workshop).toMatchObject({ reminderHours: [48, 2], remindAnyTime: true, autoAdvance: true, digestHour: 17, digestTimeZone: 'Europe/Paris' });

      const dueAt = new Date('2026-06-10T16:00:00.000Z');
      const deadline = await ok('FAC', { type: 'setDeadline', workshopId, step: 'framing', dueAt });
      expect(deadline.effects).toContainEqual({ kind: 'scheduleChanged', workshopId });
      s = await snapshot(workshopId);
      expect(plannedEvents(s, now).map((e) => [e.key, e.dueAt.toISOString()])).toEqual([
        ['remind:framing:48', '2026-06-08T16:00:00.000Z'],
        ['remind:framing:2', '2026-06-10T14:00:00.000Z'],
        ['deadline:framing', '2026-06-10T16:00:00.000Z'],
        ['digest', '2026-06-03T15:00:00.000Z'],
      ]);

      await ok('FAC', { type: 'setTiming', workshopId, reminderHours: [] });
      s = await snapshot(workshopId);
      expect(s.workshop).toMatchObject({ reminderHours: [], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null });
      expect(plannedEvents(s, now).map((e) => e.key)).toEqual(['deadline:framing']);
    });

    it('refuses what is not the facilitator’s or out of bounds', async () => {
      const workshopId = await workshop();
      const base = { type: 'setTiming', workshopId, reminderHours: [24] };
      const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
        ['ANA', base, { code: 'errors.notFacilitator' }],
        ['FAC', { ...base, reminderHours: [1, 2, 3, 4, 5] }, { code: 'errors.invalidCommand', params: { field: 'reminderHours', reason: 'validation.tooMany', max: 4 } }],
        ['FAC', { ...base, reminderHours: [169] }, { code: 'errors.invalidCommand', params: { field: 'reminderHours', reason: 'validation.tooHigh', max: 168 } }],
        ['FAC', { ...base, reminderHours: [0] }, { code: 'errors.invalidCommand', params: { field: 'reminderHours', reason: 'validation.tooLow', min: 1 } }],
        ['FAC', { ...base, reminderHours: [24, 24] }, { code: 'errors.invalidCommand', params: { field: 'reminderHours', reason: 'validation.invalid' } }],
        ['FAC', { ...base, digestHour: 24, digestTimeZone: 'UTC' }, { code: 'errors.invalidCommand', params: { field: 'digestHour', reason: 'validation.tooHigh', max: 23 } }],
        ['FAC', { ...base, digestHour: 9 }, { code: 'errors.invalidCommand', params: { field: 'digestTimeZone', reason: 'validation.required' } }],
        ['FAC', { ...base, digestHour: 9, digestTimeZone: 'Mars/Olympus' }, { code: 'errors.invalidCommand', params: { field: 'digestTimeZone', reason: 'validation.invalid' } }],
      ];
      for (const [who, command, expected] of cases) expect(await refused(who, command), JSON.stringify(command)).toMatchObject(expected);
      expect(localizeRefusal({ code: 'errors.invalidCommand', params: { field: 'digestTimeZone', reason: 'validation.required' } }, 'fr'))
        .toBe('Fuseau horaire du résumé : est obligatoire');
    });
  });
});
