// GET /healthz: is the database answering, and which chat platforms are on. Load balancers poll it, so
// it stays cheap and says plainly what is configured.
import type { Request, Response } from 'express';
import type { Config } from '../config.js';

export interface HealthDeps {
  provider: string;
  check: () => Promise<void>;
  config: Pick<Config, 'slack' | 'teams' | 'ai'>;
}

/** Whether suggestions come from a model, and which: never its key, nor the address of the server it runs on. */
export function aiSummary(config: Pick<Config, 'ai'>): { ai: 'on'; aiModel: string } | { ai: 'off' } {
  return config.ai ? { ai: 'on', aiModel: config.ai.model } : { ai: 'off' };
}

export function platformSummary(config: Pick<Config, 'slack' | 'teams'>): Record<string, string> {
  const slack = config.slack.mode;
  return {
    slack: slack.kind === 'off' ? 'not configured' : `${slack.kind === 'socket' ? 'socket mode' : 'http'}${slack.distribution ? ', OAuth distribution' : ', single workspace'}`,
    teams: config.teams.configured ? 'configured' : config.teams.devMode ? 'local development (loopback only)' : 'not configured',
  };
}

export function healthHandler(deps: HealthDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    try {
      await deps.check();
      res.json({ status: 'ok', database: { provider: deps.provider, ok: true, ms: Date.now() - started }, platforms: platformSummary(deps.config), ...aiSummary(deps.config) });
    } catch {
      // Never echo a driver error to an anonymous HTTP client: it may name hosts or users.
      res.status(503).json({ status: 'unavailable', database: { provider: deps.provider, ok: false }, platforms: platformSummary(deps.config), ...aiSummary(deps.config) });
    }
  };
}
