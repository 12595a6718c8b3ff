// Is a stage written in the customer's own voice? METHOD.md asks for first-person stages
// ("I look for a summer dress", « je recherche une robe d'été »), never internal process wording
// ("Order processing", « Traitement de la commande »). A heuristic: a first-person pronoun or
// possessive must appear as a word. It errs on the side of accepting, since a wrong warning annoys
// more than a missed one; the stage is stored either way, only with a hint to rephrase.

const FIRST_PERSON_EN = /(^|[^\p{L}'’])(i|i'm|i’m|i've|i’ve|i'll|i’ll|i'd|i’d|me|my|mine|myself|we|we're|we’re|our|us)(?=$|[^\p{L}])/iu;
const FIRST_PERSON_FR = /(^|[^\p{L}])(je|j['’]|me|m['’]|moi|mon|ma|mes|nous|notre|nos|on)(?=$|[^\p{L}]|(?<=['’]))/iu;

export function isCustomerVoice(label: string): boolean {
  const text = label.trim();
  return FIRST_PERSON_EN.test(text) || FIRST_PERSON_FR.test(text);
}
