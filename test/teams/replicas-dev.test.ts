// Two replicas in Teams' local development mode on one database. With PARCOURS_URL_SECRET a card signed by
// one replica is read by the other (a form opened through one is submitted through the other); without it each
// process signs with its own key, and the other refuses its cards, changing nothing. A message delivered again
// to the other replica is answered once between them (the claim is in the database, not in a process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/db/client.js';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, SKIP_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { cardText, FakeConnector } from './helpers/fake-connector.js';
import { click, executeWith, inputsOf, message, send, startTeams, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-fac', name: 'Fatou Facilitatrice' };
const SHARED = { PARCOURS_URL_SECRET: 'a-replica-secret-of-at-least-thirty-two-chars', PARCOURS_PUBLIC_URL: 'https://parcours.example.test' };

const providers: Provider[] = SKIP_POSTGRES ? ['sqlite'] : ['postgresql', 'sqlite'];

describe.each(providers)('Teams: two replicas in development mode (%s)', (provider) => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    servers = [];
    await fake?.stop();
    await db?.close();
  });

  async function pair(env: Record<string, string>): Promise<[RunningServer, RunningServer]> {
    for (const s of servers) await s.close();
    servers = [await startTeams(db.rawUrl, env), await startTeams(db.rawUrl, env)];
    return servers as [RunningServer, RunningServer];
  }

  /** `new` typed through `one`, the framing form filled in; returns its submission. */
  async function framingFormThrough(one: RunningServer, channel: string, language: 'en' | 'fr', title: string) {
    const since = fake.recorded.length;
    await send(one, message(fake, FAC, channel, language === 'en' ? 'new' : 'nouveau fr'));
    const form = fake.cards(since).find((c) => c.record.conversation === channel)!;
    expect(form).toBeDefined();
    const inputs = inputsOf(form.card);
    const titleInput = Object.keys(inputs).find((k) => k.endsWith(':title'))!;
    const department = Object.keys(inputs).find((k) => k.endsWith(':department_0'))!;
    return click(fake, FAC, channel, executeWith(form.card, 'submit'), { ...inputs, [titleInput]: title, [department]: language === 'en' ? 'Sales' : 'Ventes' });
  }

  for (const language of ['en', 'fr'] as const) {
    it(`with PARCOURS_URL_SECRET, submits through one replica a form opened through the other (${language})`, async () => {
      const [a, b] = await pair(SHARED);
      const title = `Shared ${language}`;
      const submission = await framingFormThrough(a, `19:shared-${language}@thread.tacv2`, language, title);
      const answer = await send(b, submission);
      expect(answer.status).toBe(200);
      expect(cardText(answer.json.value)).toContain(language === 'en' ? 'saved' : 'enregistré');
      expect(await db.prisma.workshop.count({ where: { title } })).toBe(1);
      await a.layer.idle();
      await b.layer.idle();
    });
  }

  it('without PARCOURS_URL_SECRET, refuses on one replica a form signed by the other, and changes nothing', async () => {
    const [a, b] = await pair({});
    const submission = await framingFormThrough(a, '19:apart@thread.tacv2', 'en', 'Apart');
    const answer = await send(b, submission);
    expect(answer.status).toBe(200);
    expect(cardText(answer.json.value)).toContain('could not be verified, so nothing was changed');
    expect(await db.prisma.workshop.count({ where: { title: 'Apart' } })).toBe(0);
    // The replica that signed it still takes it.
    expect(cardText((await send(a, submission)).json.value)).toContain('saved');
    expect(await db.prisma.workshop.count({ where: { title: 'Apart' } })).toBe(1);
  });

  it('answers once a message delivered to both replicas, one after the other or at the same time', async () => {
    const [a, b] = await pair(SHARED);
    for (const [n, together] of [[1, false], [2, true]] as const) {
      const channel = `19:both-${n}@thread.tacv2`;
      const typed = message(fake, FAC, channel, 'help');
      const since = fake.recorded.length;
      if (together) await Promise.all([send(a, typed), send(b, typed)]);
      else {
        await send(a, typed);
        await send(b, typed);
      }
      expect(fake.cards(since).filter((c) => c.record.conversation === channel)).toHaveLength(1);
    }
  });
});
