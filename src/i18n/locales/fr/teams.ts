// Textes français propres à l'adaptateur Teams : les quelques mots dont les cartes adaptatives ont besoin.
export default {
  cards: {
    more: 'et {{count}} de plus',
    choose: 'Choisir',
    refresh: 'Mettre à jour les choix',
  },
  adapter: {
    saved: 'C’est fait : enregistré.',
    cancelled: 'Annulé : rien n’a été modifié.',
    fieldErrors: 'Non enregistré : {{errors}}',
    noUpload: 'La carte ne peut pas encore être publiée dans Teams ; rien n’est perdu. En attendant, un administrateur peut l’exporter en ligne de commande : parcours export.',
    failure: 'Teams n’a pas accepté le message ({{code}}) ; rien n’est perdu. Vérifiez que Parcours est installé dans cette équipe, puis réessayez.',
    unreachable: 'Teams ne peut pas joindre cette personne ({{code}}) : Parcours n’est pas installé pour elle, ou elle l’a bloqué. Installez Parcours pour elle (un administrateur Teams peut le faire pour tous, dans le centre d’administration Teams), ou ajoutez Parcours à une équipe dont elle fait partie. Rien n’est perdu.',
  },
};
