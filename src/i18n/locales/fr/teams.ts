// Textes français propres à l'adaptateur Teams : les quelques mots dont les cartes adaptatives ont besoin.
export default {
  cards: {
    more: 'et {{count}} de plus',
    choose: 'Choisir',
    refresh: 'Mettre à jour les choix',
  },
};
