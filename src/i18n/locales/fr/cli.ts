// Textes français de la ligne de commande `parcours`.
export default {
  usage: [
    'Usage : parcours <commande>',
    '',
    '  migrate                      applique les migrations de la base (DATABASE_URL, par défaut file:./data/parcours.db)',
    '  demo [--out DOSSIER] [--lang fr|en]',
    '                               joue l’atelier du magasin de meubles de METHOD.md et affiche les feuilles de route ;',
    '                               avec --out, écrit aussi les cartes (SVG, PNG) et les documents de feuille de route',
    '  export <id-atelier> [--out DOSSIER]',
    '                               affiche un atelier en JSON ; avec --out, l’écrit avec sa carte et sa feuille de route',
    '  list                         liste les ateliers de tous les espaces (id, plateforme, séquence, statut, titre)',
  ].join('\n'),
  migrated: 'La base {{database}} est à jour.',
  databaseInUse: 'La base {{file}} a de nouvelles migrations à appliquer, mais un autre processus l’occupe (Parcours en cours d’exécution, un navigateur de base de données ?). Arrêtez-le, puis lancez parcours migrate ou redémarrez Parcours.',
  noWorkshop: 'Aucun atelier ne porte l’identifiant {{id}}.',
  wroteTo: 'Cartes et documents de feuille de route écrits dans {{dir}}',
  demo: {
    running: 'Atelier du magasin de meubles en cours (deux parcours, six personnes, cinq services)…',
    ids: 'Ateliers : {{ids}} (parcours export <id> pour en exporter un)',
  },
  keyMoment: {
    title: 'Moment clé commun aux parcours : {{label}}',
    emotion_one: 'Émotion {{mean}} ({{count}} note)',
    emotion_other: 'Émotion {{mean}} ({{count}} notes)',
    votes_one: '{{count}} vote',
    votes_other: '{{count}} votes',
    gap: 'Le même moment est moins bien vécu dans « {{low}} » que dans « {{high}} » ({{gap}} points).',
  },
};
