// Every view the app builds, at every step, from every fixture — 10 and 20 stages, very long labels, hostile
// text, in French and English — becomes an Adaptive Card that Microsoft's renderer parses and validates with
// no event, and that passes our own rules the renderer does not check: version 1.5, known property names
// only, at most six actions a row, the activity under 40 KB (UTF-16), no Slack markup left in its texts.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { STEPS, type Language, type Step } from '../../src/core/vocabulary.js';
import { isActionName, unpackValue } from '../../src/present/actions.js';
import { anchorView } from '../../src/present/anchor.js';
import { ballotView, BALLOT_PAGE } from '../../src/present/ballot.js';
import { controlsNotice } from '../../src/present/controls.js';
import { framingForm, WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { framingEditForm } from '../../src/present/forms/edit.js';
import { isSubjectForm, type FormId } from '../../src/present/forms/ids.js';
import { homeView } from '../../src/present/home.js';
import type { FormView, NoticeView } from '../../src/present/model.js';
import { helpNotice, refusalNotice } from '../../src/present/notices.js';
import { stepView } from '../../src/present/steps.js';
import { headMessages, summaryView } from '../../src/present/summary.js';
import {
  activityBytes, anchorCard, ballotCard, cardActivity, cardFormValues, CARD_LIMITS, checkCard, formCard, headCard, homeCard,
  inputIdOf, noticeCard, PERSONAL_VIEW, stepCard, summaryCard, type AdaptiveCard,
} from '../../src/teams/cards/index.js';
import { escapeMarkdown } from '../../src/teams/cards/markdown.js';
import { at, formContext } from '../fixtures/views.js';
import { ALL_FIXTURES, buildSnapshot, HOSTILE, type StageSpec } from '../fixtures/snapshots.js';

interface AC {
  AdaptiveCard: new () => { hostConfig: unknown; parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  HostConfig: new (json: unknown) => unknown;
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
}
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AC;

/** What Microsoft's renderer says about a card: parse events and validation events, as messages. */
function rendererEvents(json: unknown): string[] {
  const c = new AC.AdaptiveCard();
  c.hostConfig = new AC.HostConfig({ actions: { maxActions: CARD_LIMITS.actions } });
  const ctx = new AC.SerializationContext();
  c.parse(json, ctx);
  const parsed = Array.from({ length: ctx.eventCount }, (_, i) => `parse: ${ctx.getEventAt(i).message}`);
  return [...parsed, ...c.validateProperties().validationEvents.map((e) => `validate: ${e.message}`)];
}

/** Every text a reader sees in a card: TextBlocks, titles, choices, facts. */
function texts(value: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'string' && ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'].includes(key)) out.push(v);
    return v;
  });
  return out;
}

/** A workshop of 20 stages with long labels, in English (the fixtures' extreme map is French). */
function twentyStages(language: Language): WorkshopSnapshot {
  const channels = Array.from({ length: 12 }, (_, c) => `Channel number ${c + 1} with a long and very descriptive name for testing`);
  const stages: StageSpec[] = Array.from({ length: 20 }, (_, s) => ({
    label: `I look desperately for precise information about availability, the real price and the delivery time of my item number ${s + 1}, and I find it nowhere at all`,
    phase: (['before', 'purchase', 'after'] as const)[Math.floor((s * 3) / 20)]!,
    touchpoints: Object.fromEntries(channels.filter((_, c) => (s + c) % 3 !== 0).map((c) => [c, [`A touchpoint described at length for stage ${s + 1}, with exceptions and special cases`]])),
    observations: Array.from({ length: 4 }, (_, k) => ({ kind: (['irritant', 'enchantment', 'rupture'] as const)[(s + k) % 3]!, text: `Observation ${k + 1} of stage ${s + 1}, a rather long text that must wrap cleanly over several lines`, votes: (s + k) % 7 })),
    ratings: [(s % 5) - 2, 1, null],
  }));
  return buildSnapshot({
    id: `twenty-${language}`, title: 'A workshop with an exceedingly long title to check that the header wraps on two lines and then ends with an ellipsis', language, basis: 'staff',
    departments: ['Sales', 'After-sales', 'Call centre', 'Back office', 'Digital', 'Marketing', 'Stores', 'Logistics'],
    participants: [['Ann', 'Sales'], ['Bob', 'Digital'], ['Cy', 'Logistics']], channels, stages,
    solutions: Array.from({ length: 12 }, (_, i) => ({ key: `s${i}`, text: `Solution ${i + 1}: a long description of what the team will change and why it matters to the customer`, department: 'Digital', impact: [4, 5], effort: [2, 3], votes: i, addresses: [] })),
  });
}

const FIXTURES: Record<string, () => WorkshopSnapshot> = { ...ALL_FIXTURES, twentyStagesEn: () => twentyStages('en'), twentyStagesFr: () => twentyStages('fr') };
const META = 'm'.repeat(300);



/** Every card built from one snapshot, named. */
function allCards(s: WorkshopSnapshot): { name: string; card: AdaptiveCard; form?: FormView }[] {
  const lang = s.workshop.language;
  const out: { name: string; card: AdaptiveCard; form?: FormView }[] = [];
  for (const step of STEPS) {
    for (const status of ['open', 'closed'] as const) {
      const w = at(s, step, status);
      out.push({ name: `step ${step} ${status}`, card: stepCard(stepView(w), lang) });
      out.push({ name: `anchor ${step} ${status}`, card: anchorCard(anchorView(w), lang) });
      out.push({ name: `controls ${step} ${status}`, card: noticeCard(controlsNotice(w, '@Parcours'), lang) });
    }
    const v = at(s, step);
    const pages = Math.max(1, Math.ceil(Math.max(s.observations.length, s.solutions.length) / BALLOT_PAGE));
    for (let page = 0; page < pages; page += 1) {
      const ballot = ballotView(v, { votes: Object.fromEntries([...v.observations, ...v.solutions].slice(0, 2).map((x) => [x.id, 1])), remaining: 1 }, page);
      out.push({ name: `ballot ${step} ${page}`, card: ballotCard(ballot, META, lang, page === 0 ? helpNotice(lang, '@Parcours') : undefined) });
    }
  }
  for (const [form, build] of Object.entries(WORKSHOP_FORMS)) {
    const ctx = formContext(s, form, FIXTURES);
    if (isSubjectForm(form as FormId) && !ctx.subject) continue;
    const view = build(s, ctx);
    // A refused submission comes back with its error under the first field and one about the form as a whole.
    const errors = { [view.fields[0]?.id ?? 'form']: 'Too long', form: 'Refused' };
    out.push({ name: `form ${form}`, card: formCard(view, META, lang, errors), form: view });
  }
  const framingEdit = framingEditForm(at(s, 'framing'));
  out.push({ name: 'form framingEdit while framing', card: formCard(framingEdit, META, lang), form: framingEdit });
  const framing = framingForm(lang);
  out.push({ name: 'framing', card: formCard(framing, META, lang), form: framing });
  for (const [name, refusal] of [
    ['refused', { code: 'errors.stageHasContributions', params: { label: s.stages.at(-1)?.label ?? '' } }],
    ['departmentInUse', { code: 'errors.departmentInUse', params: { name: s.departments.at(-1)?.name ?? '' } }],
  ] as const) out.push({ name: `notice ${name}`, card: noticeCard(refusalNotice(refusal, lang), lang) });
  out.push({ name: 'help', card: noticeCard(helpNotice(lang, '@Parcours'), lang) });
  out.push({ name: 'summary', card: summaryCard(summaryView(s), lang) });
  for (const h of headMessages(s)) {
    const links = [{ label: 'Thread', url: 'https://teams.microsoft.com/l/message/19%3Aabc/1' }, { label: 'Map', url: 'https://parcours.example/maps/x.png' }];
    out.push({ name: `head ${h.departmentId}`, card: headCard({ ...h, links }, lang) });
  }
  const entries = Array.from({ length: 40 }, (_, i) => ({
    workshop: { ...s.workshop, id: `${s.workshop.id}-${i}`, title: `${s.workshop.title} ${i}` } as never, role: i % 3 === 0 ? null : 'participant',
    owes: [{ key: 'owed.votes', count: 2 }, { key: 'owed.emotions', count: 20 }], deadline: new Date('2030-01-01T10:00:00Z'),
  }));
  out.push({ name: 'home', card: homeCard(homeView(entries, lang, '@Parcours'), lang) });
  return out;
}

/** Every Action.Execute in a card, wherever it is (the card's foot, rows in the body, cards shown under buttons). */
function executes(value: unknown): { verb: string; data: Record<string, unknown> }[] {
  const out: { verb: string; data: Record<string, unknown> }[] = [];
  JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Action.Execute') out.push(v as never);
    return v;
  });
  return out;
}

describe.each(Object.entries(FIXTURES))('cards of %s', (_name, fixture) => {
  const s = fixture();
  const cards = allCards({ ...s, departments: s.departments.map((d, i) => ({ ...d, headUserId: i % 2 === 0 ? `29:head-${i}` : null })) });

  it('pass Microsoft’s renderer with no parse or validation event', () => {
    expect(cards.length).toBeGreaterThan(40);
    expect(cards.flatMap((c) => rendererEvents(c.card).map((e) => `${c.name}: ${e}`))).toEqual([]);
  });

  it('pass our own rules: version 1.5, known properties, six actions a row, under 40 KB as UTF-16', () => {
    expect(cards.flatMap((c) => checkCard(c.card).map((e) => `${c.name}: ${e}`))).toEqual([]);
    for (const c of cards) expect(activityBytes(cardActivity(c.card)), c.name).toBeLessThan(CARD_LIMITS.activityBytes);
  });

  it('carry no Slack markup and no raw message key', () => {
    for (const c of cards) {
      const text = texts(c.card).join('\n');
      expect(text, c.name).not.toMatch(/<@[UW][A-Z0-9]+>|<!date|<!channel|<#C/);
      // Slack's *bold* (single asterisks); Teams' **bold** is fine.
      expect(text.replace(/\*\*/g, ''), c.name).not.toMatch(/\*/);
      expect(text, c.name).not.toMatch(/\b(present|slack|teams|core):[a-z]/);
      expect(text, c.name).not.toMatch(/\bcards\.(more|choose|refresh)\b/);
    }
  });

  it('send back values the conversation layer decodes: each button’s packed value, each menu’s choices', () => {
    let checked = 0;
    for (const c of cards) {
      for (const e of executes(c.card)) {
        if (['submit', 'cancel', 'refresh'].includes(e.verb)) {
          expect(e.data, c.name).toMatchObject({ action: e.verb, form: c.form?.form, meta: META });
          continue;
        }
        // A message's refresh (each person's own view) names the message, not an action.
        if (e.verb === PERSONAL_VIEW) {
          expect(e.data, c.name).toMatchObject({ action: PERSONAL_VIEW, workshop: expect.any(String) });
          continue;
        }
        expect(isActionName(e.verb), `${c.name}: ${e.verb}`).toBe(true);
        if (typeof e.data.value === 'string') {
          expect(unpackValue(e.verb as never, e.data.value), `${c.name}: ${e.verb} ${e.data.value}`).not.toBeNull();
          checked += 1;
        } else {
          // A menu: its input lists packed values of the same action.
          const input = JSON.stringify(c.card).includes(`"id":"${String(e.data.input)}"`);
          expect(input, `${c.name}: menu input ${String(e.data.input)}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('a step card with 20 stages and long labels', () => {
  it('keeps its head and buttons and counts what had no room in a “+N more” line, in the workshop’s language', () => {
    for (const language of ['en', 'fr'] as const) {
      const s = at(twentyStages(language), 'evaluation');
      const v = stepView(s);
      // Three times the items the view pages, as a view with no paging of its own would give.
      const many = { ...v, sections: [...v.sections, ...v.sections, ...v.sections, ...v.sections] };
      const c = stepCard(many, language);
      const json = JSON.stringify(c);
      expect(json).toContain(language === 'en' ? ' more' : ' de plus');
      expect(checkCard(c)).toEqual([]);
      expect(rendererEvents(c)).toEqual([]);
      expect(c.body[0]).toMatchObject({ type: 'TextBlock', text: v.title.slice(0, 100) });
    }
  });
});

describe('buttons', () => {
  const action = (i: number) => ({ action: 'close' as const, label: `Button ${i}`, value: 'w1' });

  it('go in rows of at most six; the card’s own foot holds the first six', () => {
    const notice: NoticeView = { tone: 'info', lines: [['Hello']], actions: Array.from({ length: 14 }, (_, i) => action(i)) };
    const c = noticeCard(notice, 'en');
    expect(c.actions).toHaveLength(6);
    const rows = c.body.filter((e) => e.type === 'ActionSet') as { actions: unknown[] }[];
    expect(rows.map((r) => r.actions.length)).toEqual([6, 2]);
    expect(executes(c)).toHaveLength(14);
    expect(checkCard(c)).toEqual([]);
  });

  it('that ask first show the question and the confirming button under them', () => {
    const c = noticeCard({ tone: 'info', lines: [['x']], actions: [{ ...action(1), tone: 'danger', confirm: { title: 'Sure?', text: 'It closes the workshop.', confirm: 'Yes', deny: 'No' } }] }, 'en');
    expect(c.actions?.[0]).toMatchObject({ type: 'Action.ShowCard', title: 'Button 1', card: { actions: [{ type: 'Action.Execute', title: 'Yes', verb: 'close', data: { action: 'close', value: 'w1' }, style: 'destructive' }] } });
    expect(rendererEvents(c)).toEqual([]);
  });
});

describe('text', () => {
  it('shows what people typed, never obeys it: no emphasis, link, list, date function or mention from them', () => {
    const s = ALL_FIXTURES.hostileMapEn!();
    const label = '**bold** _it_ [link](https://x.example) {{DATE(2030-01-01T00:00:00Z,SHORT)}} <at>Boss</at>';
    const w = { ...s, stages: s.stages.map((x, i) => (i === 0 ? { ...x, label: `- ${label}` } : x)), workshop: { ...s.workshop, step: 'stages' as const } };
    const text = texts([stepCard(stepView(w), 'en'), anchorCard(anchorView(w), 'en')]).join('\n');
    expect(text).not.toContain('**bold**');
    expect(text).not.toContain('[link](');
    expect(text).not.toContain('{{DATE(2030-01-01T00:00:00Z');
    expect(text).not.toContain('<at>Boss</at>');
    expect(text).toContain('∗∗bold∗∗ ＿it＿ ［link］(https://x.example)');
    expect(text).toContain(HOSTILE.script);
  });

  it('escapes each marker alone, at a line’s start as well as inside it, and leaves plain text as it is', () => {
    const cases: [string, string][] = [
      ['I wait for my order', 'I wait for my order'],
      ['Délai : 3 jours, 50 % remboursés (#2)', 'Délai : 3 jours, 50 % remboursés (#2)'],
      ['a*b', 'a∗b'], ['`x`', 'ˋxˋ'], ['~x~', '∼x∼'], ['[x]', '［x］'], ['{{x', '{\u200b{x'], ['<AT>x</at>', '‹at›x‹/at›'],
      ['- item', '\u200b- item'], ['# title', '\u200b# title'], ['> quote', '\u200b> quote'], ['12. step', '\u200b12. step'],
      ['one\n  + two', 'one\n  \u200b+ two'], ['_x', '＿x'],
    ];
    for (const [typed, shown] of cases) expect(escapeMarkdown(typed), typed).toBe(shown);
  });

  it('keeps an underscore inside a word, so a setting named in a card is copied right', () => {
    expect(escapeMarkdown('set PARCOURS_PUBLIC_URL, then _restart_')).toBe('set PARCOURS_PUBLIC_URL, then ＿restart＿');
  });

  it('writes dates with Teams’ date functions and people as mentions when their name is known', () => {
    const notice: NoticeView = { tone: 'ok', lines: [['Due ', { date: new Date('2030-01-01T10:00:00.000Z'), fallback: '2030-01-01 10:00 UTC' }, ' for ', { user: '29:abc' }, ' and ', { user: '29:zzz' }]] };
    const c = noticeCard(notice, 'en', new Map([['29:abc', 'Ann Lee']]));
    const text = texts(c).join('\n');
    expect(text).toContain('{{DATE(2030-01-01T10:00:00Z,SHORT)}} {{TIME(2030-01-01T10:00:00Z)}}');
    expect(text).toContain('<at>Ann Lee</at> and 29:zzz');
    expect(c.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Ann Lee</at>', mentioned: { id: '29:abc', name: 'Ann Lee' } }]);
    expect(checkCard(c)).toEqual([]);
  });
});

describe('a form', () => {
  const form: FormView = {
    form: 'deadline', workshopId: 'w1', title: 'Deadline', submit: 'Save', cancel: 'Cancel', intro: [['Pick a day']],
    fields: [
      { id: 'step', kind: 'select', label: 'Step', optional: false, choices: [{ value: 'stages', label: 'Stages' }], initial: 'stages', refresh: true },
      { id: 'channels', kind: 'multiSelect', label: 'Channels', optional: true, groups: [{ label: 'Web', choices: [{ value: 'c1', label: 'Site' }, { value: 'c2', label: 'App' }] }], initial: ['c2'] },
      { id: 'head', kind: 'user', label: 'Head', optional: true },
      { id: 'anonymous', kind: 'checkbox', label: 'Anonymous', optional: true, initial: true },
      { id: 'dueAt', kind: 'date', label: 'Due', optional: false, initial: '2030-01-01T17:00:00Z' },
      { id: 'voteBudget', kind: 'number', label: 'Votes', optional: false, min: 1, max: 20, initial: '5' },
      { id: 'name', kind: 'longText', label: 'Name', optional: false, maxLength: 80, hint: 'Short' },
    ],
  };

  it('gives each kind of field its input, the refresh button and the signed state', () => {
    const c = formCard(form, 'signed', 'fr');
    const inputs = c.body.filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs.map((e) => e.type)).toEqual(['Input.ChoiceSet', 'Input.ChoiceSet', 'Input.ChoiceSet', 'Input.Toggle', 'Input.Date', 'Input.Number', 'Input.Text']);
    expect(inputs[1]).toMatchObject({ isMultiSelect: true, value: 'c2', choices: [{ title: 'Web — Site', value: 'c1' }, { title: 'Web — App', value: 'c2' }] });
    expect(inputs[2]).toMatchObject({ 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } });
    expect(inputs[4]).toMatchObject({ value: '2030-01-01' });
    expect(executes(c).map((e) => [e.verb, e.data])).toEqual([
      ['refresh', { action: 'refresh', form: 'deadline', meta: 'signed', field: 'step' }],
      ['submit', { action: 'submit', form: 'deadline', meta: 'signed' }],
      ['cancel', { action: 'cancel', form: 'deadline', meta: 'signed' }],
    ]);
    expect(JSON.stringify(c)).toContain('Mettre à jour les choix');
    expect(rendererEvents(c)).toEqual([]);
    expect(checkCard(c)).toEqual([]);
  });

  it('reads a submission back into the form’s values', () => {
    const id = (fieldId: string) => inputIdOf(form.fields.find((f) => f.id === fieldId)!);
    const data = {
      action: 'submit', form: 'deadline', meta: 'signed',
      [id('step')]: 'stages', [id('channels')]: 'c1,c2', [id('head')]: '-', [id('anonymous')]: 'false', [id('dueAt')]: '2030-02-03', [id('voteBudget')]: '7', [id('name')]: 'Team',
    };
    expect(cardFormValues(data)).toEqual({ step: 'stages', channels: ['c1', 'c2'], head: null, anonymous: false, dueAt: '2030-02-03T17:00:00Z', voteBudget: '7', name: 'Team' });
    expect(cardFormValues({ ...data, [id('dueAt')]: 'tomorrow' }).dueAt).toBeNull();
  });
});

describe('a form too big for one activity', () => {
  it('shortens its choices’ titles, then lists fewer of them, until it fits', () => {
    const choices = Array.from({ length: 100 }, (_, i) => ({ value: `c${i}`, label: `Choice ${i} `.padEnd(150, 'x') }));
    const big: FormView = {
      form: 'touchpointRemove', workshopId: 'w1', title: 'Remove', submit: 'Remove', cancel: 'Cancel', intro: [],
      fields: [1, 2, 3].map((n) => ({ id: `pick${n}`, kind: 'multiSelect' as const, label: `Pick ${n}`, optional: true, choices })),
    };
    const c = formCard(big, 'signed', 'en');
    expect(JSON.stringify(c).length).toBeLessThanOrEqual(CARD_LIMITS.cardChars);
    expect(checkCard(c)).toEqual([]);
    expect(rendererEvents(c)).toEqual([]);
    const first = c.body.find((e) => e.type === 'Input.ChoiceSet') as { choices: { title: string }[] };
    expect(first.choices.length).toBeGreaterThanOrEqual(20);
    expect(first.choices[0]!.title.length).toBeLessThan(150);
  });
});

describe('each person’s own view of a message (Teams user-specific views)', () => {
  const viewers = (n: number) => Array.from({ length: n }, (_, i) => `29:1${'x'.repeat(80)}${i}`);

  it('the anchor asks for everyone’s own version, or for the people named, and its facilitator’s version holds their controls', () => {
    for (const language of ['en', 'fr'] as const) {
      for (const [name, fixture] of Object.entries(FIXTURES)) {
        for (const step of STEPS) {
          const s = at(fixture(), step);
          const plain = anchorCard(anchorView(s), language);
          expect(plain.refresh, name).toEqual({ action: { type: 'Action.Execute', verb: PERSONAL_VIEW, data: { action: PERSONAL_VIEW, view: 'anchor', workshop: s.workshop.id } } });
          const controls = controlsNotice(s, '@Parcours');
          const mine = anchorCard(anchorView(s), language, undefined, { viewers: ['29:fac'], controls });
          expect(mine.refresh?.userIds).toEqual(['29:fac']);
          for (const c of [plain, mine]) {
            expect(checkCard(c), `${name} ${step}`).toEqual([]);
            expect(rendererEvents(c), `${name} ${step}`).toEqual([]);
          }
          // Every control of the facilitator is there, under the anchor's own buttons.
          const verbs = executes(mine).map((e) => e.verb);
          for (const a of controls.actions ?? []) expect(verbs, `${name} ${step}`).toContain(a.action);
          expect(texts(mine).join('\n')).toContain(texts(noticeCard(controls, language))[0]!.replace(/^ℹ️ /, '').slice(0, 20));
        }
      }
    }
  });

  it('a running voting step asks for each voter’s version, with their votes left; other steps and steps over do not', () => {
    for (const language of ['en', 'fr'] as const) {
      const s = at(twentyStages(language), 'evaluation');
      const left = language === 'en' ? 'You have 2 votes left at this step.' : 'Il vous reste 2 votes dans cette séquence.';
      const c = stepCard(stepView(s), language, undefined, { viewers: viewers(60), lines: [[left]] });
      expect(c.refresh?.userIds).toHaveLength(60);
      expect(c.refresh?.action).toMatchObject({ verb: PERSONAL_VIEW, data: { view: 'step', step: 'evaluation', workshop: s.workshop.id } });
      expect(texts(c)).toContain(left);
      expect(checkCard(c)).toEqual([]);
      expect(rendererEvents(c)).toEqual([]);
      expect(activityBytes(cardActivity(c))).toBeLessThan(CARD_LIMITS.activityBytes);
      // More than sixty people named: Teams would refuse, so the card stays the same for everyone.
      expect(stepCard(stepView(s), language, undefined, { viewers: viewers(61) }).refresh).toBeUndefined();
      expect(stepCard(stepView(at(s, 'stages')), language).refresh).toBeUndefined();
      expect(stepCard(stepView(at(s, 'evaluation', 'closed')), language).refresh).toBeUndefined();
    }
  });

  it('refuses a refresh naming no one or more than sixty people', () => {
    const s = at(twentyStages('en'), 'evaluation');
    const c = stepCard(stepView(s), 'en');
    expect(checkCard({ ...c, refresh: { ...c.refresh, userIds: viewers(61) } })).toEqual(['card.refresh.userIds: 1 to 60 user ids']);
    expect(checkCard({ ...c, refresh: { ...c.refresh, userIds: [] } })).toEqual(['card.refresh.userIds: 1 to 60 user ids']);
  });
});
