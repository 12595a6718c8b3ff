// Every namespace, in both languages. A test checks that French and English hold the same keys.
import assistEn from './en/assist.js';
import assistFr from './fr/assist.js';
import cliEn from './en/cli.js';
import cliFr from './fr/cli.js';
import coreEn from './en/core.js';
import coreFr from './fr/core.js';
import renderEn from './en/render.js';
import renderFr from './fr/render.js';
import presentEn from './en/present.js';
import presentFr from './fr/present.js';
import slackEn from './en/slack.js';
import slackFr from './fr/slack.js';
import teamsEn from './en/teams.js';
import teamsFr from './fr/teams.js';

export const resources = {
  en: { core: coreEn, cli: cliEn, render: renderEn, present: presentEn, slack: slackEn, teams: teamsEn, assist: assistEn },
  fr: { core: coreFr, cli: cliFr, render: renderFr, present: presentFr, slack: slackFr, teams: teamsFr, assist: assistFr },
} as const;
