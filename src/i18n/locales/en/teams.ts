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
};
