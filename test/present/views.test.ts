// Every view the app builds, at every step, from every fixture — up to 20 stages × 15 channels with very
// long labels, and hostile text — stays within Block Kit's limits once turned into Slack blocks, escapes
// what people typed, and reads as finished sentences (no raw i18n key) in French and English.
import { describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { STEPS, type Step } from '../../src/core/vocabulary.js';
import { anchorView } from '../../src/present/anchor.js';
import { ballotView, BALLOT_PAGE } from '../../src/present/ballot.js';
import { framingForm, WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { isSubjectForm, type FormId } from '../../src/present/forms/ids.js';
import { framingEditForm } from '../../src/present/forms/edit.js';
import { homeView } from '../../src/present/home.js';
import { helpNotice, refusalNotice } from '../../src/present/notices.js';
import { stepView } from '../../src/present/steps.js';
import { headMessages, summaryView } from '../../src/present/summary.js';
import { homeTab } from '../../src/slack/blocks/home.js';
import { anchorMessage, headMessage, noticeMessage, stepMessage, summaryMessage } from '../../src/slack/blocks/messages.js';
import { ballotModal, formModal, noticeModal } from '../../src/slack/blocks/modals.js';
import { checkSurface } from '../../src/slack/limits.js';
import { at, formContext } from '../fixtures/views.js';
import { ALL_FIXTURES, HOSTILE } from '../fixtures/snapshots.js';

const METADATA = 'x'.repeat(200);



/** Every Slack payload built from one snapshot. */
function allViews(s: WorkshopSnapshot): { name: string; surface: 'message' | 'modal' | 'home'; payload: Record<string, unknown> }[] {
  const out: { name: string; surface: 'message' | 'modal' | 'home'; payload: Record<string, unknown> }[] = [];
  for (const step of STEPS) {
    for (const status of ['open', 'closed'] as const) {
      const w = at(s, step, status);
      out.push({ name: `step ${step} ${status}`, surface: 'message', payload: stepMessage(stepView(w)) as never });
      out.push({ name: `anchor ${step} ${status}`, surface: 'message', payload: anchorMessage(anchorView(w)) as never });
    }
    const v = at(s, step);
    for (let page = 0; page < Math.max(1, Math.ceil(Math.max(s.observations.length, s.solutions.length) / BALLOT_PAGE)); page += 1) {
      out.push({ name: `ballot ${step} ${page}`, surface: 'modal', payload: ballotModal(ballotView(v, { votes: Object.fromEntries([...v.observations, ...v.solutions].slice(0, 2).map((x) => [x.id, 1])), remaining: 1 }, page), METADATA) as never });
    }
  }
  for (const [form, build] of Object.entries(WORKSHOP_FORMS)) {
    const ctx = formContext(s, form, ALL_FIXTURES);
    // A form about an item this workshop does not have (no solution yet) cannot be opened.
    if (isSubjectForm(form as FormId) && !ctx.subject) continue;
    out.push({ name: `form ${form}`, surface: 'modal', payload: formModal(build(s, ctx), METADATA) as never });
  }
  // The framing form after creation offers anonymity only while framing.
  out.push({ name: 'form framingEdit while framing', surface: 'modal', payload: formModal(framingEditForm(at(s, 'framing')), METADATA) as never });
  const refusals = [
    ['refused', { code: 'errors.stageHasContributions', params: { label: s.stages.at(-1)?.label ?? '' } }],
    ['notFacilitator', { code: 'errors.notFacilitator' }],
    ['departmentInUse', { code: 'errors.departmentInUse', params: { name: s.departments.at(-1)?.name ?? '' } }],
  ] as const;
  for (const [name, refusal] of refusals) {
    out.push({ name: `notice ${name}`, surface: 'modal', payload: noticeModal('Parcours', 'Close', refusalNotice(refusal, s.workshop.language)) as never });
    out.push({ name: `ephemeral ${name}`, surface: 'message', payload: noticeMessage(refusalNotice(refusal, s.workshop.language)) as never });
  }
  out.push({ name: 'framing', surface: 'modal', payload: formModal(framingForm(s.workshop.language), METADATA) as never });
  out.push({ name: 'summary', surface: 'message', payload: summaryMessage(summaryView(s)) as never });
  for (const h of headMessages(s)) out.push({ name: `head ${h.departmentId}`, surface: 'message', payload: headMessage(h) as never });
  out.push({ name: 'help', surface: 'message', payload: noticeMessage(helpNotice(s.workshop.language, '/parcours')) as never });
  const entries = Array.from({ length: 40 }, (_, i) => ({
    workshop: { ...s.workshop, id: `${s.workshop.id}-${i}`, title: `${s.workshop.title} ${i}` } as never, role: i % 3 === 0 ? null : 'participant', owes: [{ key: 'owed.votes', count: 2 }, { key: 'owed.emotions', count: 20 }],
    deadline: new Date('2030-01-01T10:00:00Z'),
  }));
  out.push({ name: 'home', surface: 'home', payload: homeTab(homeView(entries, s.workshop.language, '/parcours'), new Map([[`${s.workshop.id}-1`, 'C123']])) as never });
  return out;
}

describe.each(Object.entries(ALL_FIXTURES))('views of %s', (_name, fixture) => {
  const s = fixture();
  const views = allViews({ ...s, departments: s.departments.map((d, i) => ({ ...d, headUserId: i % 2 === 0 ? `U0HEAD${i}` : null })) });

  it('stay within Block Kit’s limits on every surface', () => {
    for (const v of views) expect(checkSurface(v.surface, v.payload), v.name).toEqual([]);
  });

  it('say everything in words, never a raw message key', () => {
    const text = JSON.stringify(views.map((v) => v.payload));
    expect(text).not.toMatch(/\b(present|slack|core):[a-z]/);
    expect(text).not.toMatch(/\b(asks|items|sections|forms|controls|anchor|steps|kinds)\.[a-zA-Z]+\b(?![^"]*\.(png|md|csv))/);
  });
});

describe('what people typed', () => {
  it('is escaped: markup and mentions are shown, never obeyed', () => {
    const s = ALL_FIXTURES.hostileMapEn!();
    const mention = { ...s, stages: s.stages.map((x, i) => (i === 0 ? { ...x, label: '<!channel> ping <@U0BOSS> *bold* &amp;' } : x)), workshop: { ...s.workshop, step: 'stages' as const } };
    const messages = [stepMessage(stepView(mention)), anchorMessage(anchorView(mention))];
    // Slack parses mrkdwn objects and a message's `text`; plain_text (headers, buttons) is shown as typed.
    const mrkdwn: string[] = messages.map((m) => m.text);
    JSON.stringify(messages, (_k, v: unknown) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'mrkdwn') mrkdwn.push(String((v as { text: string }).text));
      return v;
    });
    const text = mrkdwn.join('\n');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0BOSS>');
    expect(text).not.toContain(HOSTILE.script);
    expect(text).toContain('&lt;!channel&gt; ping &lt;@U0BOSS&gt;');
    expect(text).toContain('&amp;amp;');
  });
});

describe('a step message with 20 stages and long labels', () => {
  it('reads as a user would see it (printed once for review)', () => {
    const s = at(ALL_FIXTURES.extremeMap!(), 'evaluation');
    const message = stepMessage(stepView(s));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    if (process.env.PRINT_BLOCKS) console.log(JSON.stringify(message.blocks, null, 1));
  });
});
