// OAuth distribution in Socket Mode. Over HTTP, Bolt's ExpressReceiver mounts /slack/install and
// /slack/oauth_redirect on the server's express app; Bolt's Socket Mode receiver would instead open a
// second HTTP server of its own (port 3000 by default) for them. Parcours serves them on its one server
// in both modes, and gives the socket app an `authorize` from the same installation store.
import { InstallProvider, type InstallationStore, type InstallURLOptions } from '@slack/oauth';
import type { Logger as SlackLogger, WebClientOptions } from '@slack/web-api';
import type { Express, Request, Response } from 'express';
import type { Logger } from '../log.js';

export interface OAuthRouteOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  scopes: string[];
  installationStore: InstallationStore;
  clientOptions: WebClientOptions;
  logger: Logger;
  /** The installer's own log lines (refused states…) go through the app's logger, not the console. */
  slackLogger: SlackLogger;
}

export function mountOAuthRoutes(express: Express, o: OAuthRouteOptions): InstallProvider {
  const installer = new InstallProvider({
    clientId: o.clientId, clientSecret: o.clientSecret, stateSecret: o.stateSecret, installationStore: o.installationStore,
    directInstall: true, clientOptions: o.clientOptions, authVersion: 'v2', logger: o.slackLogger,
  });
  const installUrlOptions: InstallURLOptions = { scopes: o.scopes };
  const guarded = (handle: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response): Promise<void> => {
    try {
      await handle(req, res);
    } catch (error) {
      // The installer answers the browser itself in the usual failures; this is for the unexpected ones.
      o.logger.error({ err: error }, 'slack oauth route failed');
      if (!res.headersSent) res.status(500).end();
    }
  };
  express.get('/slack/install', guarded((req, res) => installer.handleInstallPath(req, res, undefined, installUrlOptions)));
  express.get('/slack/oauth_redirect', guarded((req, res) => installer.handleCallback(req, res)));
  return installer;
}
