// English texts of the `parcours` command line.
export default {
  usage: [
    'Usage: parcours <command>',
    '',
    '  migrate                      apply database migrations (DATABASE_URL, default file:./data/parcours.db)',
    '  demo [--out DIR] [--lang fr|en]',
    '                               run the furniture-store workshop of METHOD.md and print the roadmaps;',
    '                               with --out, also write the maps (SVG, PNG) and roadmap documents',
    '  export <workshop-id> [--out DIR]',
    '                               print a workshop as JSON; with --out, write it with its map and roadmap',
    '  list                         list the workshops of every workspace (id, platform, step, status, title)',
  ].join('\n'),
  migrated: 'Database {{database}} is up to date.',
  databaseInUse: 'The database {{file}} has new migrations to apply, but another process keeps it busy (a running Parcours, a database browser?). Stop that process, then run parcours migrate or start Parcours again.',
  noWorkshop: 'No workshop with id {{id}}.',
  wroteTo: 'Wrote the maps and roadmap documents to {{dir}}',
  demo: {
    running: 'Running the furniture-store workshop (two journeys, six people, five departments)…',
    ids: 'Workshops: {{ids}} (parcours export <id> to export one)',
  },
  keyMoment: {
    title: 'Key moment across journeys: {{label}}',
    emotion_one: 'Emotion {{mean}} (1 rating)',
    emotion_other: 'Emotion {{mean}} ({{count}} ratings)',
    votes_one: '{{count}} vote',
    votes_other: '{{count}} votes',
    gap: 'The same moment is lived worse in “{{low}}” than in “{{high}}” ({{gap}} points).',
  },
};
