// The judge's API key, held in this tab's memory only: never in the sweep config, the history,
// a share link or an export. A reload forgets it (a resumed sweep asks the judge without it).
//
// The key is bound to the origin (scheme, host and port) of the endpoint it was typed for, and is
// attached to requests for that origin only. A sweep config can come from a share link, and a
// link's author chooses its judge URL: without the binding, Reproduce sent the reader's key to the
// author's server.
import { create } from 'zustand';
import { stripUrlCredentials } from './secrets.ts';

export interface HeldJudgeKey {
  key: string;
  /** The endpoint the key was typed for (credentials stripped); null when none was given yet. */
  endpoint: string | null;
  /** Its origin, the only one the key is sent to; null: the key is sent nowhere. */
  origin: string | null;
}

interface JudgeKeyState {
  held: HeldJudgeKey | null;
}

export const useJudgeKey = create<JudgeKeyState>(() => ({ held: null }));

/** The origin of an http(s) URL ("https://api.example.com:8443"), or null for anything else. */
export function judgeOrigin(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Holds `value` as the key for `endpoint` (the URL in the judge editor when it was typed); empty clears it. */
export function setJudgeKey(value: string | null, endpoint: string): void {
  const key = value?.trim();
  if (!key) {
    useJudgeKey.setState({ held: null });
    return;
  }
  const origin = judgeOrigin(endpoint);
  useJudgeKey.setState({ held: { key, endpoint: origin ? stripUrlCredentials(endpoint).url : null, origin } });
}

/** Moves the held key to another endpoint: only on the user's explicit say-so in the judge editor. */
export function bindJudgeKey(endpoint: string): void {
  const held = useJudgeKey.getState().held;
  if (held) setJudgeKey(held.key, endpoint);
}

/** The key for a request to `url`: only when its origin is the one the key was typed for. */
export function judgeKeyFor(url: string): string | null {
  const held = useJudgeKey.getState().held;
  if (!held || held.origin === null) return null;
  return judgeOrigin(url) === held.origin ? held.key : null;
}
