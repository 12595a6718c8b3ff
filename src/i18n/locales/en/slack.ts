// English texts only the Slack adapter shows: Slack's own failures and a few Slack-specific answers.
export default {
  errors: {
    channelUnreachable: 'I cannot post in this channel. In a private channel, invite me first (/invite @Parcours), then run {{command}} status to post the workshop’s message. Your workshop is saved; nothing was lost.',
    missingScope: 'Slack refused: the app lacks the “{{scope}}” permission. Ask a Slack admin to reinstall it from the manifest. Your change is saved; nothing was lost.',
    rateLimited: 'Slack is asking us to slow down. Your change is saved; the messages will catch up shortly.',
    other: 'Slack refused the request ({{error}}). Your change is saved; nothing was lost.',
  },
  status: { yours: 'What awaits you:' },
  map: { rendering: 'Drawing the map… it will appear in the workshop’s thread in a moment.' },
  heads: {
    unreachable_one: '{{count}} department head could not be reached; everyone else got their roadmap:',
    unreachable_other: '{{count}} department heads could not be reached; everyone else got their roadmap:',
    noHead: 'These departments have no head, so nobody received their items: {{departments}}. The roadmap documents are in the thread.',
  },
};
