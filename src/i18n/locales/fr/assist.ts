// Textes français de l'assistance IA (src/llm) : les avis montrés quand une suggestion vient de la méthode
// simple intégrée au lieu du modèle d'IA, et ce qu'écrit cette méthode — idées de solutions et récit du
// parcours cible.
export default {
  notice: {
    off: 'Aucun modèle d’IA n’est configuré : cette suggestion vient de la méthode simple intégrée.',
    unavailable: 'Le modèle d’IA n’a pas pu répondre pour l’instant : cette suggestion vient de la méthode simple intégrée.',
    invalid: 'La réponse du modèle d’IA était inutilisable : cette suggestion vient de la méthode simple intégrée.',
    budget: 'Cet atelier a épuisé son quota d’IA : cette suggestion vient de la méthode simple intégrée.',
  },
  quote: '« {{text}} »',
  idea: {
    irritant: 'Comment pourrions-nous en finir avec « {{text}} » ?',
    rupture: 'Comment pourrions-nous éviter que les clients abandonnent à cause de « {{text}} » ?',
    enchantment: 'Comment pourrions-nous offrir « {{text}} » à d’autres étapes du parcours ?',
  },
  narrative: {
    opening: 'Dans le parcours cible, {{persona}} veut atteindre cet objectif : {{goal}}.',
    openingNoGoal: 'Le parcours cible suit {{persona}}.',
    openingNoPersona: 'Voici le parcours cible, étape par étape.',
    stage: {
      up: 'À l’étape « {{stage}} », l’émotion monte de {{before}} à {{after}}',
      down: 'À l’étape « {{stage}} », l’émotion descend de {{before}} à {{after}}',
      same: 'À l’étape « {{stage}} », l’émotion reste à {{after}}',
      unknown: 'Le parcours passe par l’étape « {{stage}} »',
    },
    with_one: ', avec la solution {{solutions}}',
    with_other: ', avec les solutions {{solutions}}',
    owned: '{{solution}} ({{department}})',
    across_one: 'Sur tout le parcours, la solution {{solutions}} s’applique.',
    across_other: 'Sur tout le parcours, les solutions {{solutions}} s’appliquent.',
    removed_one: 'L’irritant {{items}} disparaît.',
    removed_other: 'Les irritants {{items}} disparaissent.',
  },
};
