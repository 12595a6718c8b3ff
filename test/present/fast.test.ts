// The pieces of contributing fast that need no chat platform: lists read one item per line, what a preview's
// digest covers, the problems found before the engine, and the forms' dependent fields (a stage, then its
// touchpoints) in French and English. The whole flow through Slack is test/slack/contributing.test.ts.
import { describe, expect, it } from 'vitest';
import { observationForm, WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { bulkCommands, bulkProblem, linesOf, previewDigest } from '../../src/present/forms/fast.js';
import { workshopCommands } from '../../src/present/forms/submit.js';
import { words } from '../../src/present/text.js';
import { furnitureStoreInStore } from '../fixtures/snapshots.js';

describe('several at once', () => {
  it('reads one item per line, trimmed, without list markers or blank lines', () => {
    expect(linesOf('  - I look for a sofa \n\n• I compare prices\r\n2. I pay\n* \n')).toEqual(['I look for a sofa', 'I compare prices', 'I pay']);
    expect(linesOf(null)).toEqual([]);
  });

  it('previews again when anything that decides what is added changed, not when only blank lines did', () => {
    const values = { kind: 'irritant', stageId: 's1', touchpointId: 't1', lines: 'A\nB' };
    expect(previewDigest('observations', values)).toBe(previewDigest('observationsPreview', { ...values, lines: '\nA\n\nB\n' }));
    for (const changed of [{ kind: 'rupture' }, { stageId: 's2' }, { touchpointId: '' }, { lines: 'A\nC' }]) {
      expect(previewDigest('observations', { ...values, ...changed })).not.toBe(previewDigest('observations', values));
    }
  });

  it.each(['en', 'fr'] as const)('finds what the engine cannot tell, in %s, on the field to fix', (language) => {
    const w = words(language);
    expect(bulkProblem('stages', {}, w)).toEqual({ field: 'lines_before', message: w.p('forms.fast.noLine') });
    expect(bulkProblem('solutions', { lines: Array.from({ length: 21 }, (_, i) => `S${i}`).join('\n') }, w)?.message).toBe(w.p('forms.fast.tooMany', { count: 21, max: 20 }));
    expect(bulkProblem('stagesPreview', { lines_purchase: 'I pay', lines_after: `ok\n${'é'.repeat(141)}` }, w)).toEqual({ field: 'lines_after', message: w.p('forms.fast.tooLong', { line: 2, max: 140 }) });
    expect(bulkProblem('observations', { kind: 'irritant', lines: 'A' }, w)?.field).toBe('stageId');
  });

  it('adds a confirmed preview as one command per line, stages in macro-phase order', () => {
    const values = { lines_after: 'I pick up', lines_before: 'I choose' };
    expect(bulkCommands('stagesPreview', 'w1', values).map((c) => [c.type, (c as { label: string }).label, (c as { phase: string }).phase]))
      .toEqual([['addStage', 'I choose', 'before'], ['addStage', 'I pick up', 'after']]);
    // Submitted unchanged, a preview adds; changed, it shows the new list.
    const digest = previewDigest('stages', values);
    expect(workshopCommands('stagesPreview', 'w1', values, 'en', digest)).toMatchObject({ ok: true, commands: [{ label: 'I choose' }, { label: 'I pick up' }] });
    expect(workshopCommands('stagesPreview', 'w1', { ...values, lines_purchase: 'I pay' }, 'en', digest))
      .toEqual({ ok: true, next: { form: 'stagesPreview', subject: previewDigest('stages', { ...values, lines_purchase: 'I pay' }) } });
  });
});

describe('saying where an observation goes', () => {
  const s = furnitureStoreInStore();

  it.each(['en', 'fr'] as const)('offers a stage first, then only that stage’s touchpoints (%s)', (language) => {
    const snapshot = { ...s, workshop: { ...s.workshop, language } };
    const blank = observationForm(snapshot);
    expect(blank.fields.find((f) => f.id === 'stageId')?.refresh).toBe(true);
    expect(blank.fields.find((f) => f.id === 'touchpointId')).toBeUndefined();
    const stage = snapshot.stages[snapshot.stages.length - 1]!;
    const chosen = WORKSHOP_FORMS.observation(snapshot, { kept: { stageId: stage.id } });
    const touchpoint = chosen.fields.find((f) => f.id === 'touchpointId')!;
    expect(touchpoint.dependsOn).toEqual({ field: 'stageId', key: stage.id });
    expect(touchpoint.optional).toBe(true);
    expect(touchpoint.choices!.map((c) => c.value).sort()).toEqual(snapshot.touchpoints.filter((t) => t.stageId === stage.id).map((t) => t.id).sort());
  });

  it('sends the stage and the touchpoint; without a stage, says to pick one', () => {
    expect(workshopCommands('observation', 'w1', { kind: 'irritant', stageId: 's1', touchpointId: 't1', text: 'Wait' }, 'en'))
      .toMatchObject({ ok: true, commands: [{ type: 'addObservation', stageId: 's1', touchpointId: 't1' }] });
    expect(workshopCommands('observation', 'w1', { kind: 'irritant', stageId: 's1', text: 'Wait' }, 'en'))
      .toMatchObject({ ok: true, commands: [{ stageId: 's1' }] });
    expect(workshopCommands('observation', 'w1', { kind: 'irritant', text: 'Wait' }, 'fr'))
      .toEqual({ ok: false, errors: { stageId: words('fr').p('forms.observation.whereRequired') } });
  });
});
