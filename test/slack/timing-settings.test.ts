// The facilitator's timing settings through the real Bolt app and a fake Slack, in English and in French:
// chosen in "Workshop settings…", the form shows the workshop's settings, prefills the digest's time zone with
// the facilitator's own when it is known, saves them (read back through the engine's queries), and answers a
// bad time zone, hours that are not hours, or an hour without a zone with the field's error in the workshop's
// language; the form submitted by someone else changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { Driver } from './helpers/driver.js';
import { TEAM } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, FAC } from './helpers/users.js';

const TEXT = {
  en: {
    item: 'Reminders, moving on at the deadline, daily digest', title: 'Reminders and digest', saved: 'Reminders, deadline and digest settings saved.',
    badZone: 'This is not a time zone Parcours knows: write a name such as Europe/Paris.',
    badHours: 'Write up to 4 different whole numbers of hours between 1 and 168, separated by commas (e.g. “24, 1”).',
    noZone: 'Give the time zone the digest’s hour is in, e.g. Europe/Paris.', at8: 'At 08:00',
  },
  fr: {
    item: 'Rappels, passage à la suite à l’échéance, résumé quotidien', title: 'Rappels et résumé', saved: 'Réglages des rappels, de l’échéance et du résumé enregistrés.',
    badZone: 'Parcours ne connaît pas ce fuseau horaire : écrivez un nom comme Europe/Paris.',
    badHours: 'Écrivez jusqu’à 4 nombres entiers d’heures différents, entre 1 et 168, séparés par des virgules (par exemple « 24, 1 »).',
    noZone: 'Indiquez le fuseau horaire de l’heure du résumé, par exemple Europe/Paris.', at8: 'À 08 h',
  },
} as const;

/** The initial value of a modal's field, as Slack holds it. */
function initial(view: Record<string, unknown>, field: string): unknown {
  const block = (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find((b) => b.block_id === field);
  const e = block?.element ?? {};
  return e.initial_value ?? (e.initial_option as { value?: string } | undefined)?.value ?? (e.initial_options as unknown[] | undefined)?.length ?? null;
}

describe.each(['en', 'fr'] as const)('timing settings in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const slack = slackWorkshopSuite();
  let workspaceId: string;
  let workshopId: string;
  const stored = (): Promise<WorkshopSnapshot> => slack.replica.server.queries.snapshot(workspaceId, workshopId);

  beforeAll(async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title: 'Furniture store', language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: 'Sales', voteBudget: 2 });
    workspaceId = await slack.replica.server.layer.workspaceOf('slack', TEAM.id);
    workshopId = (await slack.replica.server.queries.listWorkshops(workspaceId))[0]!.workshop.id;
    await slack.d.fill(ANA, 'join', {});
    await slack.replica.slack.idle();
    // The facilitator's time zone, as the platform told it (Slack's users.info, recorded by the reminders).
    await slack.db.prisma.person.upsert({ where: { workspaceId_userId: { workspaceId, userId: FAC.id } }, create: { workspaceId, userId: FAC.id, timeZone: 'America/Montreal' }, update: { timeZone: 'America/Montreal' } });
  });

  it('shows the settings, prefilled, and saves them', async () => {
    const before = (await stored()).workshop;
    expect(before).toMatchObject({ reminderHours: [24, 1], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null });
    const opened = slack.fake.of('views.open').length;
    await slack.d.choose(FAC, 'timing');
    expect(slack.fake.of('views.open').length).toBe(opened + 1);
    const view = slack.d.lastModal(FAC);
    expect(view.callback_id).toBe('timing');
    expect(JSON.stringify(view)).toContain(x.title);
    expect(initial(view, 'reminderHours')).toBe('24, 1');
    expect(initial(view, 'digestHour')).toBe('none');
    expect(initial(view, 'digestTimeZone')).toBe('America/Montreal');

    const mark = slack.d.mark();
    const sent = await slack.d.submit(FAC, view, {
      reminderHours: '48, 4', remindAnyTime: true, autoAdvance: true, digestHour: Driver.choice(view, 'digestHour', (l) => l === x.at8), digestTimeZone: 'Europe/Paris',
    });
    expect(sent.body).not.toContain('errors');
    await slack.replica.slack.idle();
    expect(slack.d.toldTo(FAC, mark).join('\n')).toContain(x.saved);
    expect((await stored()).workshop).toMatchObject({ reminderHours: [48, 4], remindAnyTime: true, autoAdvance: true, digestHour: 8, digestTimeZone: 'Europe/Paris' });

    // Opened again, the form shows what was saved.
    await slack.d.choose(FAC, 'timing');
    const again = slack.d.lastModal(FAC);
    expect(initial(again, 'reminderHours')).toBe('48, 4');
    expect(initial(again, 'digestHour')).toBe('8');
    expect(initial(again, 'digestTimeZone')).toBe('Europe/Paris');
  });

  it('answers bad input on its field, in the workshop’s language, and changes nothing', async () => {
    await slack.d.choose(FAC, 'timing');
    const view = slack.d.lastModal(FAC);
    const errors = async (values: Record<string, string | boolean>) => (await slack.d.submit(FAC, view, values)).json() as { response_action?: string; errors?: Record<string, string> };
    expect(await errors({ reminderHours: '24', digestHour: '9', digestTimeZone: 'Mars/Olympus' })).toEqual({ response_action: 'errors', errors: { digestTimeZone: x.badZone } });
    expect(await errors({ reminderHours: 'tomorrow', digestHour: 'none', digestTimeZone: '' })).toEqual({ response_action: 'errors', errors: { reminderHours: x.badHours } });
    expect(await errors({ reminderHours: '24, 24', digestHour: 'none', digestTimeZone: '' })).toEqual({ response_action: 'errors', errors: { reminderHours: x.badHours } });
    expect(await errors({ reminderHours: '1', digestHour: '9', digestTimeZone: '' })).toEqual({ response_action: 'errors', errors: { digestTimeZone: x.noZone } });
    expect((await stored()).workshop).toMatchObject({ reminderHours: [48, 4], digestHour: 8, digestTimeZone: 'Europe/Paris' });

    // The facilitator's form submitted by someone else: its signed state is theirs, so nothing changes.
    const forged = await slack.d.submit(ANA, view, { reminderHours: '2', digestHour: 'none', digestTimeZone: '' });
    expect(forged.body).toContain('could not be verified');
    expect((await stored()).workshop.reminderHours).toEqual([48, 4]);
  });
});
