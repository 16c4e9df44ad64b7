// Where secrets could sit in a sweep, and how each leaves before the sweep is stored, shared or
// exported. A judge URL typed as `https://user:pass@host/v1?api_key=...` would otherwise be kept
// as typed in the history and written into every export.
import type { Sweep } from './sweep.ts';

const SECRET_NAME = /key|token|secret|password|passwd|auth|credential|bearer|cookie|session|signature|sig$/i;

export interface StrippedUrl {
  url: string;
  /** What was taken out, named for the notice the user sees ("password", "api_key"...); never the values. */
  removed: string[];
}

/**
 * A judge endpoint without the credentials typed into it: user name and password, query
 * parameters named like keys or tokens (api_key, key, token, access_token, apikey, auth...) and the
 * fragment. Other query parameters (api-version) stay: the endpoint may need them.
 */
export function stripUrlCredentials(url: string): StrippedUrl {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    // Not an absolute URL: nothing of it is sent anywhere, but keep only what precedes any query.
    const base = url.split(/[?#]/)[0];
    return { url: base, removed: base === url ? [] : ['query'] };
  }
  const removed: string[] = [];
  if (u.username) removed.push('user name');
  if (u.password) removed.push('password');
  u.username = '';
  u.password = '';
  for (const name of [...new Set(u.searchParams.keys())]) {
    if (SECRET_NAME.test(name)) {
      removed.push(name);
      u.searchParams.delete(name);
    }
  }
  if (u.hash) removed.push('fragment');
  u.hash = '';
  return { url: removed.length ? u.toString() : url.trim(), removed };
}

/** A URL for a link or an export: credentials, the whole query and the fragment removed. */
function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return url.split(/[?#]/)[0] || 'redacted';
  }
}

function redactText(text: string): string {
  return text
    .replace(/\b(api[_-]?key|access[_-]?token|token|secret|password|key)=([^&\s]+)/gi, '$1=[redacted]')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]')
    .replace(/\bhf_[A-Za-z0-9]{8,}/g, 'hf_[redacted]')
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//');
}

function cleanParams<T>(params: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !SECRET_NAME.test(k)));
}

/** The sweep with the judge URLs (config and records) free of typed credentials: what the history keeps. */
export function withoutUrlCredentials(sweep: Sweep): Sweep {
  const judgeOf = (j: { url: string; model: string } | null) => (j ? { url: stripUrlCredentials(j.url).url, model: j.model } : null);
  return {
    ...sweep,
    config: { ...sweep.config, judge: judgeOf(sweep.config.judge) },
    points: sweep.points.map((p) => (p.record.judge ? { ...p, record: { ...p.record, judge: judgeOf(p.record.judge) } } : p)),
  };
}

/** A copy of the sweep with every known place a secret could sit cleaned: for links and exports. */
export function stripSecrets(sweep: Sweep): Sweep {
  const s = structuredClone(sweep);
  if (s.config.judge) s.config.judge = { url: publicUrl(s.config.judge.url), model: s.config.judge.model };
  s.config.methods = s.config.methods.map((m) => ({ id: m.id, params: cleanParams(m.params) }));
  s.error = s.error === null ? null : redactText(s.error);
  for (const p of s.points) {
    const r = p.record;
    if (r.judge) r.judge = { url: publicUrl(r.judge.url), model: r.judge.model };
    r.method = { id: r.method.id, params: cleanParams(r.method.params) };
    if (r.device.adapter !== undefined) r.device.adapter = redactText(r.device.adapter);
    for (const t of r.suite) t.source = redactText(t.source.includes('://') ? publicUrl(t.source) : t.source);
  }
  return s;
}
