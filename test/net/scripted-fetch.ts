// A fetch that answers from a script, one step per request, and records what was asked: for
// download tests that need answers a real server gives only by chance (a body cut after every
// byte arrived, a 416, a busy server that recovers).
import type { FetchLike } from '../../src/net/download.ts';

export interface SeenRequest {
  url: string;
  headers: Record<string, string>;
}

/** One answer: a Response, or an Error thrown as the network failure it stands for. */
export type Step = Response | Error | ((req: SeenRequest) => Response);

export interface ScriptedFetch {
  fetch: FetchLike;
  requests: SeenRequest[];
}

export function scriptedFetch(...steps: Step[]): ScriptedFetch {
  const requests: SeenRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const req = { url, headers: { ...(init?.headers as Record<string, string> | undefined) } };
    requests.push(req);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unscripted request ${requests.length}: ${url}`);
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(req) : step;
  };
  return { fetch, requests };
}

/** A body that delivers `chunks` and then, unless `cutWith` is null, fails as a dropped connection does. */
export function bodyOf(chunks: Uint8Array[], cutWith: Error | null = null): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else if (cutWith) controller.error(cutWith);
      else controller.close();
    },
  });
}

/** The bytes 0..n-1 (mod 256), so a misplaced byte shows. */
export function countingBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
}
