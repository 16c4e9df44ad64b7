// Asking before a re-run talks to a judge endpoint the user did not type: a share link (or a sweep
// saved from one) names its author's endpoint, and a re-run sends it every prompt and output, with
// the key if its origin were the key's. Nothing goes to that host until the user answers; the
// question names the host, and the user can run with it (never with a key typed for another
// origin), switch to their own endpoint, or stop.
import { create } from 'zustand';
import { excerpt } from './input-limits.ts';
import { judgeOrigin, useJudgeKey } from './judge-key.ts';
import type { SweepConfig } from './sweep.ts';

export type JudgeChoice = 'theirs' | 'mine' | 'stop';

export interface JudgeQuestion {
  /** The host the config names, as shown ("evil.example:8443"); the whole URL below it. */
  host: string;
  url: string;
  model: string;
  /** What the re-run is: "Reproduce", "Resume". */
  action: string;
  /** The user's own endpoint (where their key was typed), when it is another origin. */
  mine: string | null;
  /** True when the key was typed for this very origin and goes with the requests. */
  keyGoes: boolean;
}

interface JudgeConsentState {
  question: JudgeQuestion | null;
  answer(choice: JudgeChoice): void;
}

let pending: ((choice: JudgeChoice) => void) | null = null;

export const useJudgeConsent = create<JudgeConsentState>((set) => ({
  question: null,
  answer(choice) {
    const resolve = pending;
    pending = null;
    set({ question: null });
    resolve?.(choice);
  },
}));

export class JudgeNotApprovedError extends Error {
  constructor(host: string, action: string) {
    super(`${action} stopped: the judge endpoint ${host} was not approved, and nothing was sent to it`);
    this.name = 'JudgeNotApprovedError';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The question for a config's judge, or null when it names none. */
export function judgeQuestion(config: SweepConfig, action: string): JudgeQuestion | null {
  if (!config.judge) return null;
  const held = useJudgeKey.getState().held;
  const origin = judgeOrigin(config.judge.url);
  const keyGoes = held !== null && held.origin !== null && held.origin === origin;
  return { host: excerpt(hostOf(config.judge.url)), url: excerpt(config.judge.url, 200), model: excerpt(config.judge.model), action, mine: !keyGoes && held?.endpoint ? held.endpoint : null, keyGoes };
}

/** The config to re-run after the user's choice; stopping throws `JudgeNotApprovedError`. */
export function configForChoice(config: SweepConfig, question: JudgeQuestion, choice: JudgeChoice): SweepConfig {
  if (choice === 'stop' || !config.judge) throw new JudgeNotApprovedError(question.host, question.action);
  if (choice === 'mine') {
    if (!question.mine) throw new JudgeNotApprovedError(question.host, question.action);
    return { ...config, judge: { url: question.mine, model: config.judge.model } };
  }
  return config;
}

/**
 * Asks the user (through the dialog that shows `useJudgeConsent`'s question) before a re-run of
 * `config` uses its judge endpoint, and resolves with the config to run. Without a judge it
 * resolves at once; an abort or a "stop" rejects, and nothing is sent.
 */
export async function approveJudge(config: SweepConfig, action: string, signal?: AbortSignal): Promise<SweepConfig> {
  const question = judgeQuestion(config, action);
  if (!question) return config;
  if (signal?.aborted) throw new JudgeNotApprovedError(question.host, question.action);
  // One question at a time: an older one still open is answered "stop".
  useJudgeConsent.getState().answer('stop');
  const choice = await new Promise<JudgeChoice>((resolve) => {
    pending = resolve;
    signal?.addEventListener('abort', () => useJudgeConsent.getState().answer('stop'), { once: true });
    useJudgeConsent.setState({ question });
  });
  return configForChoice(config, question, choice);
}
