// A local OpenAI-compatible chat-completions server with misbehaving modes, for the judge tests.
import { closeServer, listen, readBody, sendJson, type RunningServer } from './http.ts';

export type JudgeServerMode =
  /** Answers with reply(userPrompt). */
  | 'ok'
  /** HTTP 429 every time. */
  | 'refuse'
  /** HTTP 429 for the first `refusals` requests, then 'ok'. */
  | 'refuse-then-ok'
  /** Waits `delayMs` before answering (past the client's timeout). */
  | 'slow'
  /** Answers text that holds no scores. */
  | 'nonsense'
  /** 200 with a message refusal field, as OpenAI models do when they decline. */
  | 'refusal-message';

export interface OpenAiServerOptions {
  mode: JudgeServerMode;
  reply?: (userPrompt: string, systemPrompt: string) => string;
  refusals?: number;
  delayMs?: number;
  /** When set, requests without "Bearer <apiKey>" get HTTP 401. */
  apiKey?: string;
}

export interface SeenRequest {
  authorization: string | undefined;
  model: string;
  system: string;
  user: string;
  temperature: number | undefined;
  maxTokens: number | undefined;
}

export interface OpenAiServer extends RunningServer {
  requests: SeenRequest[];
  setMode(mode: JudgeServerMode): void;
}

interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  temperature?: number;
  max_tokens?: number;
}

export async function startOpenAiServer(opts: OpenAiServerOptions): Promise<OpenAiServer> {
  let mode = opts.mode;
  let refused = 0;
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const { server, url } = await listen(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return sendJson(res, 404, { error: { message: 'not found' } });
    const body = JSON.parse(await readBody(req)) as ChatBody;
    const system = body.messages?.find((m) => m.role === 'system')?.content ?? '';
    const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
    requests.push({ authorization: req.headers.authorization, model: body.model ?? '', system, user, temperature: body.temperature, maxTokens: body.max_tokens });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return sendJson(res, 401, { error: { message: 'bad key' } });
    const answer = (content: string, refusal: string | null = null) =>
      sendJson(res, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: refusal ? null : content, refusal } }],
      });
    switch (mode) {
      case 'refuse':
        return sendJson(res, 429, { error: { message: 'Rate limit reached' } });
      case 'refuse-then-ok':
        if (refused < (opts.refusals ?? 1)) {
          refused++;
          return sendJson(res, 429, { error: { message: 'Rate limit reached' } });
        }
        return answer((opts.reply ?? (() => '5 5'))(user, system));
      case 'slow':
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, opts.delayMs ?? 5000);
          timers.add(t);
        });
        if (!res.destroyed) answer((opts.reply ?? (() => '5 5'))(user, system));
        return;
      case 'nonsense':
        return answer('Banana. I like both of them a lot, they are great!');
      case 'refusal-message':
        return answer('', "I'm sorry, I can't help with that.");
      case 'ok':
        return answer((opts.reply ?? (() => '5 5'))(user, system));
    }
  });
  return {
    url,
    requests,
    setMode: (m) => {
      mode = m;
      refused = 0;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await closeServer(server);
    },
  };
}
