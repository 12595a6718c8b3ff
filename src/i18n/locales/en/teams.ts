// English texts only the Teams adapter shows: the few words Adaptive Cards need that Slack draws itself.
export default {
  cards: {
    /** Said under a list when the card had no room for the rest (Teams refuses a message over 40 KB). */
    more: '+{{count}} more',
    /** The button that sends a menu's choice: Adaptive Cards 1.5 menus do not send on their own. */
    choose: 'Choose',
    /** The button beside a field whose choice changes the form's other choices. */
    refresh: 'Update the choices',
  },
  adapter: {
    /** Answer to a form sent: the card it was on says so instead. */
    saved: 'Done: saved.',
    cancelled: 'Cancelled: nothing was changed.',
    /** Field errors of a card submission, before the list of them. */
    fieldErrors: 'Not saved: {{errors}}',
    /** The connector refused or failed; {{code}} is its error, for the admin. */
    /** The map job on Teams: the connector takes no files, and maps as signed links are not wired yet. */
    noUpload: 'The map cannot be posted in Teams yet; nothing was lost. Meanwhile, an admin can export it with the command line: parcours export.',
    failure: 'Teams did not accept the message ({{code}}); nothing was lost. Check that Parcours is installed in this team, then try again.',
    /** A person the bot cannot write to (403, 404): why, and what to do. */
    unreachable: 'Teams cannot reach this person ({{code}}): Parcours is not installed for them, or they blocked it. Install Parcours for them (a Teams admin can do it for everyone, in the Teams admin center), or add Parcours to a team they are in. Nothing was lost.',
  },
};
