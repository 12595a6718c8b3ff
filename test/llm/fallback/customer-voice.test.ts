// The customer-voice rewrite without a model (issue 13, point 2): no rule-based rewrite (its grammar would be
// wrong), so null and core's hint — unless the label already passes core's first-person check.
import { describe, expect, it } from 'vitest';
import { isCustomerVoice } from '../../../src/core/customer-voice.js';
import { customerVoiceFallback } from '../../../src/llm/fallback/index.js';

const input = (text: string) => ({ stage: { id: 's1', text }, persona: 'Claire', goal: 'Furnish her flat' });

describe('customerVoiceFallback', () => {
  it.each([['Order processing', 'en'], ['Traitement de la commande', 'fr']] as const)('offers nothing for process wording: “%s”', (label, language) => {
    expect(isCustomerVoice(label)).toBe(false);
    expect(customerVoiceFallback(input(label), language)).toBeNull();
  });

  it.each([['I wait for my order ', 'en'], ['J’attends ma commande', 'fr']] as const)('returns a label already in the customer’s voice unchanged: “%s”', (label, language) => {
    expect(customerVoiceFallback(input(label), language)).toEqual({ label });
  });
});
