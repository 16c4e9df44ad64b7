// Why fetch() rejected with its opaque TypeError ("Failed to fetch"): the server could not be
// reached, or it answered without an Access-Control-Allow-Origin header and the browser kept the
// answer from the page (CORS). The page sees the same error for both. A no-cors HEAD tells them
// apart where it may: it resolves (opaquely) whenever the server answers. In a cross-origin
// isolated page (COEP require-corp, as the app is served) the probe is blocked too, unless the
// server sends Cross-Origin-Resource-Policy, so there the message names both causes and how to
// tell them apart.

export type FetchFailureCause = 'cors' | 'unreachable' | 'either';

/** Where the request was made from: the page's origin (null outside a browser) and its isolation. */
export interface RequestingContext {
  origin: string | null;
  crossOriginIsolated: boolean;
}

export function currentContext(): RequestingContext {
  const g = globalThis as { location?: { origin?: string }; crossOriginIsolated?: boolean };
  return { origin: g.location?.origin ?? null, crossOriginIsolated: g.crossOriginIsolated === true };
}

export async function fetchFailureCause(
  url: string,
  context: RequestingContext,
  doFetch: (url: string, init?: RequestInit) => Promise<Response>,
  signal?: AbortSignal,
): Promise<FetchFailureCause> {
  // Outside a browser, or to the page's own origin, CORS does not apply.
  if (context.origin === null || new URL(url, context.origin).origin === context.origin) return 'unreachable';
  try {
    await doFetch(url, { method: 'HEAD', mode: 'no-cors', signal });
    return 'cors';
  } catch {
    if (signal?.aborted) throw signal.reason;
    return context.crossOriginIsolated ? 'either' : 'unreachable';
  }
}

/** The failure in words, with what to do; `browserText` is fetch's own message. */
export function fetchFailureText(cause: FetchFailureCause, url: string, context: RequestingContext, browserText: string): string {
  const host = new URL(url, context.origin ?? undefined).origin;
  const allow = `"Access-Control-Allow-Origin: *" (or ${context.origin ?? 'this page\'s origin'})`;
  if (cause === 'cors') {
    return `${host} answered, but without an Access-Control-Allow-Origin header, so the browser kept the answer from the page (a CORS refusal); the server must send ${allow}, or serve the files from the app's own origin`;
  }
  if (cause === 'either') {
    return `network error: ${browserText}: either ${host} cannot be reached, or it answered without an Access-Control-Allow-Origin header (a CORS refusal, which the browser reports the same way); open ${url} in a browser tab: if it loads, the server must send ${allow}`;
  }
  return `network error: ${browserText}`;
}
