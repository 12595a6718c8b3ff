// The bare Bolt app of bench/footprint.ts: what any Slack bot on Bolt costs, the floor Parcours' idle memory
// and start time are compared with. Same configuration as Parcours' single-workspace HTTP mode (bot token,
// signing secret, ExpressReceiver mounted on an express app, Web API pointed at SLACK_API_URL) and a
// /healthz route; no database. Plain JavaScript so it runs with or without the tsx loader, like Parcours.
import bolt from '@slack/bolt';
import express from 'express';

const { App, ExpressReceiver } = bolt;
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, app, endpoints: '/slack/events' });
const bot = new App({
  receiver, token: process.env.SLACK_BOT_TOKEN, botId: 'BBARE', botUserId: 'UBARE',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
bot.action(/.*/, async ({ ack }) => { await ack(); });
const port = Number(process.env.PORT ?? 3978);
const server = app.listen(port, process.env.HOST ?? '0.0.0.0');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
