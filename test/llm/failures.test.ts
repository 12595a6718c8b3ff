// How the assistant degrades, through the real `openai` SDK and the fake server: an answer that is not JSON,
// off its schema or refused; a server too slow for the bound; a rate limit and a server error (one retry,
// never two); an answer without usage; a spent budget. Each answers the fallback with a notice, never an error,
// and the tokens the server reports are spent whatever the answer's worth.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customerVoiceFallback, solutionIdeasFallback } from '../../src/llm/fallback/index.js';
import type { AssistScope, CustomerVoiceInput, SolutionIdeasInput } from '../../src/conversation/assistant.js';
import { answer, rawAnswer, refusal, slow, status, usageOf } from './helpers/fake-openai.js';
import { API_KEY, openAssistantWorld, systemOf, type AssistantWorld } from './helpers/setup.js';

let world: AssistantWorld;
let scope: AssistScope;

beforeAll(async () => {
  world = await openAssistantWorld();
  scope = await world.workshop('en');
});
afterAll(async () => { await world?.close(); });
beforeEach(() => world.fake.reset());

const input: CustomerVoiceInput = { stage: { id: 'stage-1', text: 'Order processing' }, persona: 'Sam', goal: 'Get my sofa delivered' };
const GOOD = { label: 'I wait for my order' };
const fallback = (notice: string) => ({ value: customerVoiceFallback(input, 'en'), source: 'fallback', notice });
const used = async (s: AssistScope = scope) => (await world.db.prisma.workshop.findUniqueOrThrow({ where: { id: s.workshopId } })).aiTokensUsed;

describe('an unusable answer', () => {
  it('that is not JSON falls back as invalid, is logged without the answer above debug, and is still paid for', async () => {
    const before = await used();
    world.fake.queue(rawAnswer('Sure! Here is your label: I wait for my order', usageOf(77)));
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('invalid'));
    expect(await used() - before).toBe(77);
    const warning = world.logs.find((l) => l.level === 40 && l.task === 'customer-voice' && l.problem === 'not JSON');
    expect(warning).toBeDefined();
    expect(JSON.stringify(world.logs.filter((l) => l.level >= 30))).not.toContain('Here is your label');
  });

  it('off its schema falls back as invalid', async () => {
    world.fake.queue(answer({ wording: 'I wait for my order' }));
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('invalid'));
    world.fake.queue(answer({ label: 42 }));
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('invalid'));
  });

  it('naming a department the workshop does not have falls back', async () => {
    const ideas: SolutionIdeasInput = { observations: [{ id: 'o1', text: 'Long queue', kind: 'irritant', stage: 'I pick up', votes: 2 }], departments: [{ id: 'd1', text: 'Logistics' }], limit: 3 };
    world.fake.queue(answer({ ideas: [{ text: 'Online slots', addressesId: 'o1', departmentId: 'd-marketing' }] }));
    expect(await world.assistant().solutionIdeas(scope, ideas)).toEqual({ value: solutionIdeasFallback(ideas, 'en'), source: 'fallback', notice: 'invalid' });
  });

  it('refused by the model falls back as unavailable', async () => {
    world.fake.queue(refusal());
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(world.logs.some((l) => l.reason === 'refusal')).toBe(true);
  });
});

describe('a server that fails or is slow', () => {
  it('slower than the bound falls back as unavailable, within the bound, without a retry', async () => {
    world.fake.queue(slow(GOOD, 5_000));
    const started = Date.now();
    expect(await world.assistant({ boundMs: 300 }).customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(world.fake.requests).toHaveLength(1);
  });

  it('rate-limited once is retried once after its Retry-After, and the answer is used', async () => {
    world.fake.queue(status(429, { 'retry-after': '0.1' }), answer(GOOD));
    const started = Date.now();
    expect(await world.assistant().customerVoice(scope, input)).toEqual({ value: GOOD, source: 'model', notice: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(world.fake.requests).toHaveLength(2);
    // The same request, twice.
    expect(world.fake.requests[1]!.body).toEqual(world.fake.requests[0]!.body);
  });

  it('bounds the call and its retry together', async () => {
    world.fake.queue(status(429, { 'retry-after-ms': '100' }), slow(GOOD, 5_000));
    const started = Date.now();
    expect(await world.assistant({ boundMs: 400 }).customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(world.fake.requests).toHaveLength(2);
  });

  it('asking to wait longer than the time left is not waited for', async () => {
    world.fake.queue(status(429, { 'retry-after': '30' }), answer(GOOD));
    const started = Date.now();
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(Date.now() - started).toBeLessThan(500);
    expect(world.fake.requests).toHaveLength(1);
  });

  it('failing twice is retried exactly once, then falls back', async () => {
    world.fake.queue(status(500), status(503), answer(GOOD));
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(world.fake.requests).toHaveLength(2);
  });

  it('refusing the request (400) is not retried', async () => {
    world.fake.queue(status(400), answer(GOOD));
    expect(await world.assistant().customerVoice(scope, input)).toEqual(fallback('unavailable'));
    expect(world.fake.requests).toHaveLength(1);
  });

  it('that cannot be reached falls back as unavailable', async () => {
    const assistant = world.assistant({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect(await assistant.customerVoice(scope, input)).toEqual(fallback('unavailable'));
  });
});

describe('the token budget', () => {
  it('counts the prompt\'s length / 4 when the server reports no usage', async () => {
    const before = await used();
    world.fake.queue(answer(GOOD, null));
    expect((await world.assistant().customerVoice(scope, input)).source).toBe('model');
    const request = world.fake.requests[0]!;
    const user = request.body.messages[1]!.content;
    expect(await used() - before).toBe(Math.ceil((systemOf(request).length + user.length) / 4));
  });

  it('is spent per workshop from the reported usage, and once spent the model is not asked', async () => {
    const own = await world.workshop('en');
    const other = await world.workshop('en');
    const assistant = world.assistant({ budget: 1_000 });
    world.fake.queue(answer(GOOD, usageOf(600)), answer(GOOD, usageOf(600)));
    expect((await assistant.customerVoice(own, input)).source).toBe('model');
    // Under budget before the call: asked, and spent past the budget.
    expect((await assistant.customerVoice(own, input)).source).toBe('model');
    expect(await used(own)).toBe(1_200);
    expect(await assistant.customerVoice(own, input)).toEqual(fallback('budget'));
    expect(world.fake.requests).toHaveLength(2);
    // Another workshop has its own budget.
    world.fake.queue(answer(GOOD, usageOf(10)));
    expect((await assistant.customerVoice(other, input)).source).toBe('model');
    expect(await used(other)).toBe(10);
  });
});

describe('the client', () => {
  it('ignores OPENAI_* variables of the environment: only the configuration given counts', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENAI_API_KEY: 'sk-from-the-environment', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_ORG_ID: 'org-stray', OPENAI_PROJECT_ID: 'proj-stray', OPENAI_LOG: 'debug',
    });
    try {
      world.fake.queue(answer(GOOD));
      expect((await world.assistant().customerVoice(scope, input)).source).toBe('model');
      const headers = world.fake.requests[0]!.headers;
      expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(headers['openai-organization']).toBeUndefined();
      expect(headers['openai-project']).toBeUndefined();
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('never writes the key in a log line', () => {
    expect(world.logText().length).toBeGreaterThan(0);
    expect(world.logText()).not.toContain(API_KEY);
  });
});
