// A workshop closed before its roadmap step (abandoned, or paused for later): its map is posted in the
// thread as the record, without roadmap documents, and no department head is messaged with an empty list.
import { describe, expect, it } from 'vitest';
import { CHANNEL } from './helpers/driver.js';
import { type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { FAC } from './helpers/users.js';

const HEAD: User = { id: 'U0HEAD', name: 'sam' };

describe('closing a workshop early', () => {
  const slack = slackWorkshopSuite({ provider: 'sqlite', closeRenderPool: true });

  it('posts the map without roadmap documents and messages no department head', async () => {
    await slack.d.command(FAC, 'new en');
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title: 'Paused journey', language: 'en', mode: 'async', journey: 'current', basis: 'data', department_0: 'Sales', head_0: HEAD.id, voteBudget: 3 });
    const from = slack.d.mark();
    await slack.d.click(FAC, 'close');
    expect(await slack.db.prisma.workshop.findFirstOrThrow()).toMatchObject({ status: 'closed', step: 'framing' });
    const uploads = slack.fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal');
    expect(uploads).toHaveLength(1);
    expect((uploads[0]!.args.files as { title: string }[]).map((f) => f.title)).toEqual([expect.stringContaining('Paused journey')]);
    expect(uploads[0]!.args).toMatchObject({ channel_id: CHANNEL });
    const dms = slack.fake.calls.slice(from).filter((c) => c.method === 'conversations.open' || (c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D')));
    expect(dms).toEqual([]);
  });
});
