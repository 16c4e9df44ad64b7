import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedRoot } from '../../../tools/shared-files.ts';
import { datasetsDirOf } from '../../../test/servers/hub-layout.ts';
import { loadCnnStories, loadVicunaBench } from '../datasets/loaders.ts';
import { startOpenAiServer, type OpenAiServer, type OpenAiServerOptions } from '../../../test/servers/openai-server.ts';
import {
  tinyCnnPrompts,
  tinyCnnReviewers,
  tinyStories,
  tinyVicunaAnswers,
  tinyVicunaPrompts,
  tinyVicunaQuestions,
  tinyVicunaReviewers,
} from '../../../test/servers/tiny-fixtures.ts';
import type { JudgePromptTemplate, JudgeReviewer, StoryRecord, VicunaQuestion } from '../datasets/schemas.ts';
import { runInstruction } from '../instruction.ts';
import { ScriptedModel } from '../../../test/tasks/scripted-model.ts';
import { runSummarization } from '../summarization.ts';
import { OpenAiJudgeClient } from './openai-client.ts';
import { judgePairwise } from './pairwise.ts';
import { parseInstructionKick, parseInstructionStrict } from './parse.ts';
import { pickJudgePrompt, pyFormat } from './templates.ts';

const KEY = 'sk-test-secret-123';
let server: OpenAiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(opts: OpenAiServerOptions): Promise<OpenAiServer> {
  server = await startOpenAiServer(opts);
  return server;
}

/** Scores 9 for an answer containing "GOOD", 4 otherwise, and +1 for whoever sits first (position bias). */
function biasedPair(user: string): [number, number] {
  const a1 = user.split("[The Start of Assistant 1's")[1]?.split('[The End')[0] ?? '';
  const a2 = user.split("[The Start of Assistant 2's")[1]?.split('[The End')[0] ?? '';
  return [Math.min(10, (a1.includes('GOOD') ? 9 : 4) + 1), a2.includes('GOOD') ? 9 : 4];
}

const prompts = tinyVicunaPrompts as JudgePromptTemplate[];
const reviewers = tinyVicunaReviewers as JudgeReviewer[];

describe('judge templates', () => {
  it('formats like str.format and picks the reviewer by category, general otherwise', () => {
    expect(pyFormat('{a} {{b}} {a}', { a: 'x' })).toBe('x {b} x');
    expect(() => pyFormat('{missing}', {})).toThrow(/needs a value for \{missing\}/);
    expect(pickJudgePrompt(reviewers, prompts, 'coding').prompt.prompt_id).toBe(2);
    expect(pickJudgePrompt(reviewers, prompts, 'math').prompt.prompt_id).toBe(3);
    expect(pickJudgePrompt(reviewers, prompts, 'roleplay').prompt.prompt_id).toBe(1);
  });
});

describe('OpenAI-compatible judge client against a local server', () => {
  it('sends system + user messages with the key as a bearer token, never in the URL or JSON', async () => {
    const s = await start({ mode: 'ok', apiKey: KEY, reply: () => '7 8' });
    const client = new OpenAiJudgeClient({ url: `${s.url}/v1`, model: 'judge-1', apiKey: KEY });
    const out = await client.complete('sys', 'user text', { temperature: 0.2, maxTokens: 64 });
    expect(out).toEqual({ ok: true, text: '7 8', attempts: 1 });
    expect(s.requests[0]).toEqual({ authorization: `Bearer ${KEY}`, model: 'judge-1', system: 'sys', user: 'user text', temperature: 0.2, maxTokens: 64 });
    expect(client.url).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
    const wrong = new OpenAiJudgeClient({ url: `${s.url}/v1`, model: 'judge-1', apiKey: 'nope', maxRetries: 3, backoffMs: 1 });
    expect(await wrong.complete('s', 'u')).toEqual({ ok: false, error: 'judge endpoint answered HTTP 401', attempts: 1 });
  });

  it('never follows a redirect: the key goes to the endpoint it was given for and nowhere else', async () => {
    const elsewhere = await start({ mode: 'ok', reply: () => '7 8' });
    const redirector: Server = createServer((req, res) => res.writeHead(307, { location: `${elsewhere.url}${req.url}` }).end());
    await new Promise<void>((done) => redirector.listen(0, '127.0.0.1', done));
    try {
      const { port } = redirector.address() as AddressInfo;
      const client = new OpenAiJudgeClient({ url: `http://127.0.0.1:${port}/v1`, model: 'judge-1', apiKey: KEY, maxRetries: 1, backoffMs: 1 });
      const out = await client.complete('sys', 'user');
      expect(out.ok).toBe(false);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await new Promise((done) => redirector.close(done));
    }
  });

  it('retries a refusing endpoint with doubling backoff, then reports the failure', async () => {
    const s = await start({ mode: 'refuse' });
    const waits: number[] = [];
    const client = new OpenAiJudgeClient({ url: s.url, model: 'm', maxRetries: 3, backoffMs: 5 }, { sleep: async (ms) => void waits.push(ms) });
    const out = await client.complete('s', 'u');
    expect(out.ok).toBe(false);
    expect(out.attempts).toBe(4);
    expect(!out.ok && out.error).toBe('judge endpoint answered HTTP 429 (gave up after 4 attempts)');
    expect(waits).toEqual([5, 10, 20]);
    expect(s.requests).toHaveLength(4);
  });

  it('recovers when the endpoint stops refusing', async () => {
    const s = await start({ mode: 'refuse-then-ok', refusals: 2, reply: () => '6 6' });
    const client = new OpenAiJudgeClient({ url: s.url, model: 'm', maxRetries: 3, backoffMs: 1 });
    expect(await client.complete('s', 'u')).toEqual({ ok: true, text: '6 6', attempts: 3 });
  });

  it('times out a slow endpoint and retries', async () => {
    const s = await start({ mode: 'slow', delayMs: 3000 });
    const client = new OpenAiJudgeClient({ url: s.url, model: 'm', timeoutMs: 150, maxRetries: 1, backoffMs: 1 });
    const t0 = Date.now();
    const out = await client.complete('s', 'u');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toBe('judge timed out after 150 ms (gave up after 2 attempts)');
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('retries a message refusal', async () => {
    const s = await start({ mode: 'refusal-message' });
    const client = new OpenAiJudgeClient({ url: s.url, model: 'm', maxRetries: 1, backoffMs: 1 });
    const out = await client.complete('s', 'u');
    expect(!out.ok && out.error).toMatch(/^judge refused: I'm sorry/);
    expect(s.requests).toHaveLength(2);
  });
});

describe('pairwise judging', () => {
  it('asks both orders: kick keeps the reference-first score, strict averages out the position bias', async () => {
    const s = await start({ mode: 'ok', reply: (u) => biasedPair(u).join(' ') });
    const client = new OpenAiJudgeClient({ url: s.url, model: 'm' });
    const v = await judgePairwise({
      client,
      template: prompts[0],
      reviewer: reviewers[0],
      question: 'Q',
      reference: 'reference answer',
      candidate: 'a GOOD answer',
      parseKick: parseInstructionKick,
      parseStrict: parseInstructionStrict,
    });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0].user).toContain("[The Start of Assistant 1's Answer]\nreference answer\n");
    expect(s.requests[1].user).toContain("[The Start of Assistant 1's Answer]\na GOOD answer\n");
    expect(s.requests[0].temperature).toBe(0.2);
    expect(s.requests[0].maxTokens).toBe(1024);
    expect(v.orders.map((o) => [o.candidateKick, o.referenceKick])).toEqual([
      [9, 5],
      [10, 4],
    ]);
    expect(v.kick).toBe(9);
    expect(v.strict).toBe(9.5);
    expect(v.unparseableKick).toBe(0);
  });

  it('counts nonsense replies as unparseable and keeps them', async () => {
    const s = await start({ mode: 'nonsense' });
    const v = await judgePairwise({
      client: new OpenAiJudgeClient({ url: s.url, model: 'm' }),
      template: prompts[0],
      reviewer: null,
      question: 'Q',
      reference: 'r',
      candidate: 'c',
      parseKick: parseInstructionKick,
      parseStrict: parseInstructionStrict,
    });
    expect(v.kick).toBeNull();
    expect(v.strict).toBeNull();
    expect(v.unparseableKick).toBe(2);
    expect(v.unparseableStrict).toBe(2);
    expect(v.orders[0].reply).toMatch(/^Banana/);
  });
});

describe('tasks with a judge on a local endpoint', () => {
  it('instruction following: the math reply (a tuple at the end) fails the reference parser and is counted', async () => {
    const s = await start({
      mode: 'ok',
      apiKey: KEY,
      reply: (u) => {
        const [a, b] = biasedPair(u);
        return u.includes('Python tuple') ? `Let me solve it first.\n17 * 3 = 51.\n(${a}, ${b})` : `${a} ${b}\nExplanation.`;
      },
    });
    const judge = { client: new OpenAiJudgeClient({ url: s.url, model: 'm', apiKey: KEY }), prompts, reviewers };
    const model = new ScriptedModel({ reply: (p) => (p.includes('17 * 3') ? 'It is 51, a GOOD answer.' : 'Some answer.') });
    const r = await runInstruction(model, tinyVicunaQuestions as VicunaQuestion[], tinyVicunaAnswers, { judge });
    expect(s.requests).toHaveLength(6);
    expect(r.examples.map((e) => [e.id, e.scores.kick, e.scores.strict])).toEqual([
      ['1', 4, 4.5],
      ['2', 4, 4.5],
      ['3', null, 9.5],
    ]);
    expect(r.metrics.judgeUnparseableKick).toBe(2);
    expect(r.metrics.judgeUnparseableStrict).toBe(0);
    expect(r.metrics.judgeFailedRequests).toBe(0);
    expect(r.examples[2].notes?.[0]).toMatch(/^judge reference-first reply not parsed: "Let me solve it first/);
    expect(r.kick.value).toBe(4);
    expect(r.kick.count).toBe(2);
    expect(r.strict.value).toBeCloseTo((4.5 + 4.5 + 9.5) / 3, 12);
    expect(r.groups.find((g) => g.name === 'math')).toEqual({ kind: 'question_category', name: 'math', kick: null, strict: 9.5, count: 1 });
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('summarization: four aspect lines per order, per bucket; a refusing judge counts failures', async () => {
    const s = await start({ mode: 'ok', reply: (u) => Array.from({ length: 4 }, () => biasedPair(u).join(' ')).join('\n') + '\nBecause.' });
    const judge = { client: new OpenAiJudgeClient({ url: s.url, model: 'm', maxRetries: 1, backoffMs: 1 }), prompts: tinyCnnPrompts as JudgePromptTemplate[], reviewers: tinyCnnReviewers as JudgeReviewer[] };
    const model = new ScriptedModel({ reply: () => 'A GOOD summary.' });
    const stories = tinyStories as StoryRecord[];
    const r = await runSummarization(model, stories, { judge });
    expect(r.kick.value).toBe(9);
    expect(r.strict.value).toBe(9.5);
    expect(r.groups.map((g) => [g.name, g.kick, g.strict])).toEqual([
      ['small', 9, 9.5],
      ['mid', 9, 9.5],
      ['large', 9, 9.5],
    ]);
    // The judge sees llm-kick's question text and the highlights as the reference summary.
    expect(s.requests[0].user).toContain('[Story]\nSummarize the given story');
    expect(s.requests[0].temperature).toBe(0.1);
    expect(s.requests[0].user).toContain("[The Start of Assistant 1's Summary]\nFirefighters rescued a cat\nThe cat climbed a tree\n");

    s.setMode('refuse');
    const failed = await runSummarization(model, stories.slice(0, 1), { judge });
    expect(failed.metrics.judgeFailedRequests).toBe(2);
    expect(failed.kick.value).toBeNull();
    expect(failed.examples[0].notes).toEqual([
      'judge reference-first: judge endpoint answered HTTP 429 (gave up after 2 attempts)',
      'judge candidate-first: judge endpoint answered HTTP 429 (gave up after 2 attempts)',
    ]);
    expect(failed.examples[0].scores.rougeL).not.toBeNull();
  });
});

const datasetsDir = datasetsDirOf(sharedRoot());
const shared = (title: string) => (datasetsDir ? title : `${title} [SHARED_MISSING: ../shared/datasets is absent]`);

describe('judge with the reference templates of ../shared/datasets', () => {
  it.skipIf(!datasetsDir)(shared('Vicuna-bench: coding and math questions get their own templates, every other category the general one'), async () => {
    const v = (await loadVicunaBench({ kind: 'files', label: 'shared', readText: async (rel) => readFileSync(join(datasetsDir!, rel), 'utf8') }, { cache: null })).data;
    const s = await start({ mode: 'ok', reply: (u) => biasedPair(u).join(' ') });
    const judge = { client: new OpenAiJudgeClient({ url: s.url, model: 'm' }), prompts: v.prompts, reviewers: v.reviewers };
    const r = await runInstruction(new ScriptedModel({ reply: () => 'A GOOD answer.' }), v.questions, v.answers, { judge });
    expect(s.requests).toHaveLength(160);
    const templateOf = (user: string) => (user.includes('evaluate the coding abilities') ? 'coding' : user.includes('mathematical proficiency') ? 'math' : 'general');
    const expected = v.questions.flatMap((q) => {
      const t = q.category === 'coding' || q.category === 'math' ? q.category : 'general';
      return [t, t];
    });
    expect(s.requests.map((q) => templateOf(q.user))).toEqual(expected);
    expect(r.kick.value).toBe(9);
    expect(r.strict.value).toBe(9.5);
    expect(r.groups).toHaveLength(9);
  });

  it.skipIf(!datasetsDir)(shared('CNN stories: the judge question is llm-kick new_question text with the bucket template'), async () => {
    const c = (await loadCnnStories({ kind: 'files', label: 'shared', readText: async (rel) => readFileSync(join(datasetsDir!, rel), 'utf8') }, { cache: null })).data;
    const s = await start({ mode: 'ok', reply: (u) => Array.from({ length: 4 }, () => biasedPair(u).join(' ')).join('\n') });
    const judge = { client: new OpenAiJudgeClient({ url: s.url, model: 'm' }), prompts: c.prompts, reviewers: c.reviewers };
    const picked = ['small', 'mid', 'large'].map((b) => c.stories.find((x) => x.bucket === b)!);
    const r = await runSummarization(new ScriptedModel({ reply: () => 'A GOOD summary.' }), picked, { judge });
    expect(s.requests).toHaveLength(6);
    const story = picked[1];
    expect(s.requests[2].user.startsWith(`[Story]\n${story.llmkick_instruction}\n\n`)).toBe(true);
    expect(s.requests[2].user).toContain(`@highlight${story.highlights[0]}`);
    expect(s.requests[2].system).toBe(c.prompts[1].system_prompt);
    expect(r.groups.map((g) => [g.name, g.kick, g.strict])).toEqual([
      ['small', 9, 9.5],
      ['mid', 9, 9.5],
      ['large', 9, 9.5],
    ]);
  });
});
