// A chat-completions client for any OpenAI-compatible endpoint. The key lives in this object only:
// it is never serialised (toJSON drops it) and never put in a URL.

export interface JudgeEndpointConfig {
  /** Base URL ("https://api.openai.com/v1") or the full ".../chat/completions" URL. */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  /** Attempts after the first one. */
  maxRetries?: number;
  /** First backoff delay; doubled on each retry. */
  backoffMs?: number;
}

export type CompletionOutcome =
  | { ok: true; text: string; attempts: number }
  | { ok: false; error: string; attempts: number };

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export function chatCompletionsUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
}

interface ChatReply {
  choices?: { message?: { content?: string | null; refusal?: string | null } }[];
}

export class OpenAiJudgeClient {
  readonly url: string;
  readonly model: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly fetchImpl: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(cfg: JudgeEndpointConfig, deps: { fetch?: FetchLike; sleep?: (ms: number) => Promise<void> } = {}) {
    this.url = chatCompletionsUrl(cfg.url);
    this.model = cfg.model;
    this.apiKey = cfg.apiKey;
    this.timeoutMs = cfg.timeoutMs ?? 60_000;
    this.maxRetries = cfg.maxRetries ?? 3;
    this.backoffMs = cfg.backoffMs ?? 1000;
    this.fetchImpl = deps.fetch ?? ((u, i) => fetch(u, i));
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Safe to store or export: no key. */
  toJSON(): { url: string; model: string } {
    return { url: this.url, model: this.model };
  }

  async complete(system: string, user: string, params: { temperature?: number; maxTokens?: number } = {}): Promise<CompletionOutcome> {
    let lastError = '';
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (attempt > 0) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      const result = await this.once(system, user, params);
      if (result.kind === 'ok') return { ok: true, text: result.text, attempts: attempt + 1 };
      lastError = result.error;
      if (result.kind === 'fatal') return { ok: false, error: lastError, attempts: attempt + 1 };
    }
    return { ok: false, error: `${lastError} (gave up after ${this.maxRetries + 1} attempts)`, attempts: this.maxRetries + 1 };
  }

  private async once(
    system: string,
    user: string,
    params: { temperature?: number; maxTokens?: number },
  ): Promise<{ kind: 'ok'; text: string } | { kind: 'retry' | 'fatal'; error: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
      const res = await this.fetchImpl(this.url, {
        method: 'POST',
        headers,
        // The key was given for this endpoint: a redirect elsewhere fails rather than follow it.
        redirect: 'error',
        signal: controller.signal,
        body: JSON.stringify({
          model: this.model,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
          temperature: params.temperature ?? 0.2,
          max_tokens: params.maxTokens ?? 1024,
        }),
      });
      const body = await res.text();
      if (!res.ok) {
        const error = `judge endpoint answered HTTP ${res.status}`;
        return { kind: RETRYABLE_STATUS.has(res.status) ? 'retry' : 'fatal', error };
      }
      let reply: ChatReply;
      try {
        reply = JSON.parse(body) as ChatReply;
      } catch {
        return { kind: 'retry', error: 'judge endpoint returned a body that is not JSON' };
      }
      const message = reply.choices?.[0]?.message;
      if (message?.refusal) return { kind: 'retry', error: `judge refused: ${message.refusal}` };
      if (typeof message?.content !== 'string') return { kind: 'retry', error: 'judge reply has no message content' };
      return { kind: 'ok', text: message.content };
    } catch (err) {
      const aborted = controller.signal.aborted;
      return { kind: 'retry', error: aborted ? `judge timed out after ${this.timeoutMs} ms` : `judge request failed: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
