// What the app asks Slack for, kept to what it uses. manifests/slack/manifest.json declares the same
// (a test checks both agree and that the manifest validates against Slack's schema).
export const BOT_SCOPES = [
  'commands', // the /parcours command
  'chat:write', // anchor, step messages, ephemeral answers, direct messages
  'chat:write.public', // post a workshop in a public channel without being invited first
  'files:write', // the map and the roadmap documents (files.uploadV2)
  'im:write', // open a direct message with a department head (conversations.open)
  'users:read', // each person's time zone (users.info), so that reminders fall inside their working hours
  'channels:history', // messages in a workshop's thread, in a public channel, offered back to their authors as contributions
  'groups:history', // the same in a private channel
] as const;

export const BOT_EVENTS = [
  'app_home_opened', // App Home: the person's workshops
  'app_uninstalled', // the app was removed: tokens deleted at once, the workspace's data after a grace period
  'tokens_revoked', // the bot token was revoked: the same
  'message.channels', // a reply in a workshop's thread (public channel): classified, and offered to its author to add
  'message.groups', // the same in a private channel
] as const;
