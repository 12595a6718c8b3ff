// The customer-voice rewrite without a model: none. Turning "Order processing" into "I wait for my order" needs
// to know what the customer lives through at that moment; a rule could only bolt a pronoun onto the process
// wording ("I order processing", « Je traitement de la commande »), wrong in grammar and still not the
// customer's words. So the fallback answers null and the caller shows core's hint to rephrase, as before —
// except for a label already in the customer's voice, which is returned unchanged, so that nothing is offered
// in its place.
import type { CustomerVoiceInput, CustomerVoiceOutput } from '../../conversation/assistant.js';
import { isCustomerVoice } from '../../core/customer-voice.js';
import type { Language } from '../../core/vocabulary.js';

export function customerVoiceFallback(input: CustomerVoiceInput, _language: Language): CustomerVoiceOutput {
  return isCustomerVoice(input.stage.text) ? { label: input.stage.text } : null;
}
