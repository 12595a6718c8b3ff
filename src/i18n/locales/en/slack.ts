// English texts only the Slack adapter shows: Slack's own failures and a few Slack-specific answers.
export default {
  errors: {
    channelUnreachable: 'I cannot post in this channel. In a private channel, invite me first (/invite @Parcours), then run {{command}} status to post the workshop’s message. Your workshop is saved; nothing was lost.',
    missingScope: 'Slack refused: the app lacks the “{{scope}}” permission. Ask a Slack admin to reinstall it from the manifest. Your change is saved; nothing was lost.',
    rateLimited: 'Slack is asking us to slow down. Your change is saved; the messages will catch up shortly.',
    other: 'Slack refused the request ({{error}}). Your change is saved; nothing was lost.',
  },
};
