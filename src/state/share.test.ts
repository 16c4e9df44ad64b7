import { describe, expect, it } from 'vitest';
import { hostileSweep, paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';
import { crc32, deflateRaw, fromBase64Url, toBase64Url } from './share-codec.ts';
import { stripSecrets } from './secrets.ts';
import { decodeShare, encodeShare, SHARE_BUDGET_CHARS, ShareLinkError, shareTextFromHash, shareUrl } from './share.ts';
import type { Sweep } from './sweep.ts';

function withSecrets(): Sweep {
  const s = paperFindingSweep();
  s.config.judge = { url: 'https://user:hunter2@judge.example/v1/chat?api_key=sk-abcdefghijklmnop#frag', model: 'judge-1' };
  s.config.methods[0].params.apiKey = 'sk-abcdefghijklmnop';
  s.error = 'judge failed: 401 for https://judge.example/v1?key=SECRETVALUE with Bearer sk-abcdefghijklmnop';
  for (const p of s.points) {
    p.record.judge = { url: 'https://judge.example/v1/chat?token=SECRETVALUE', model: 'judge-1' };
    p.record.method.params.authToken = 'SECRETVALUE';
    p.record.suite[0].source = 'https://user:hunter2@data.example/set?token=SECRETVALUE';
  }
  return s;
}

async function packRaw(payload: unknown): Promise<string> {
  const bytes = await deflateRaw(new TextEncoder().encode(JSON.stringify(payload)));
  return `v1.${crc32(bytes).toString(16).padStart(8, '0')}.${toBase64Url(bytes)}`;
}

describe('share link codec', () => {
  it('round-trips fixture sweeps exactly, under the default budget', async () => {
    for (const s of [paperFindingSweep(), quantSweep()]) {
      const enc = await encodeShare(s);
      expect(enc.dropped).toEqual([]);
      expect(enc.text.length).toBeLessThanOrEqual(SHARE_BUDGET_CHARS);
      expect(enc.text).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
      const back = await decodeShare(enc.text);
      expect(back.sweep).toEqual(s);
      expect(back.dropped).toEqual([]);
    }
  });

  it('base64url round-trips every byte value and rejects other alphabets', () => {
    const bytes = Uint8Array.from({ length: 256 * 3 + 1 }, (_, i) => (i * 7) % 256);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(() => fromBase64Url('ab+/')).toThrow(ShareLinkError);
    expect(() => fromBase64Url('abcde')).toThrow(/base64url/);
  });

  it('drops per-example records first, then per-layer reports, when the link is too long', async () => {
    const s = paperFindingSweep();
    const full = await encodeShare(s, 1e9);
    const noExamples = await encodeShare(s, full.text.length - 1);
    expect(noExamples.dropped).toEqual(['examples']);
    expect(noExamples.sweep.points.every((p) => p.examples.length === 0 && (p.key === 'dense' || p.layers.length > 0))).toBe(true);
    const back = await decodeShare(noExamples.text);
    expect(back.dropped).toEqual(['examples']);
    // Scores, intervals and paired drops survive; only the per-example outcomes are left out.
    const withoutOutcomes = s.points.map((p) => ({ ...p.record, scores: p.record.scores.map((t) => ({ ...t, outcomes: [] })) }));
    expect(back.sweep.points.map((p) => p.record)).toEqual(withoutOutcomes);
    expect(back.sweep.points[1].record.scores[0].drop?.strict?.verdict).toBe(s.points[1].record.scores[0].drop?.strict?.verdict);
    const noLayers = await encodeShare(s, noExamples.text.length - 1);
    expect(noLayers.dropped).toEqual(['examples', 'layers']);
    expect(noLayers.sweep.points.every((p) => p.layers.length === 0)).toBe(true);
    await expect(encodeShare(s, 100)).rejects.toThrow(/too large for a link .* the limit is 100/);
  });

  it('never carries a judge key or other secret', async () => {
    const s = withSecrets();
    const enc = await encodeShare(s);
    const json = new TextDecoder().decode(
      await new Response(new Blob([fromBase64Url(enc.text.split('.')[2]) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer(),
    );
    for (const secret of ['hunter2', 'sk-abcdefghijklmnop', 'SECRETVALUE', 'apiKey', 'authToken', 'api_key=sk']) expect(json).not.toContain(secret);
    const back = await decodeShare(enc.text);
    expect(back.sweep.config.judge).toEqual({ url: 'https://judge.example/v1/chat', model: 'judge-1' });
    expect(back.sweep.points[0].record.judge!.url).toBe('https://judge.example/v1/chat');
    expect(back.sweep.error).toContain('key=[redacted]');
    expect(back.sweep.config.methods[0].params).toEqual({});
    // Scores survive the cleaning untouched.
    expect(back.sweep.points.map((p) => p.record.scores)).toEqual(s.points.map((p) => p.record.scores));
  });

  it('cleans secrets a crafted link carries in open parameter maps', async () => {
    const s = paperFindingSweep();
    s.points[1].record.method.params.secret_token = 'SECRETVALUE';
    const text = await packRaw({ schema: 'kick-lab/share', version: 1, dropped: [], sweep: s });
    const back = await decodeShare(text);
    expect(JSON.stringify(back.sweep)).not.toContain('SECRETVALUE');
    expect(stripSecrets(s).points[1].record.method.params).toEqual({ sparsity: 0.3 });
  });
});

describe('opening damaged or hostile links', () => {
  it('rejects a link whose data was altered, with one clear line', async () => {
    const { text } = await encodeShare(paperFindingSweep());
    const [v, crc, data] = text.split('.');
    const i = Math.floor(data.length / 2);
    const flipped = data.slice(0, i) + (data[i] === 'A' ? 'B' : 'A') + data.slice(i + 1);
    await expect(decodeShare(`${v}.${crc}.${flipped}`)).rejects.toThrow('the link is damaged or was altered: its checksum does not match');
    await expect(decodeShare(`${v}.${crc}.${data.slice(0, -10)}`)).rejects.toThrow(/checksum/);
    await expect(decodeShare(`${v}.00000000.${data}`)).rejects.toThrow(/checksum/);
  });

  it('rejects garbage, other versions, bad JSON and schema violations', async () => {
    await expect(decodeShare('')).rejects.toThrow(/not a KICK Lab share link/);
    await expect(decodeShare('<script>alert(1)</script>')).rejects.toThrow(/not a KICK Lab share link/);
    await expect(decodeShare('v2.00000000.AAAA')).rejects.toThrow(/version 2; this app opens version 1/);
    await expect(decodeShare('v1.00000000.<script>')).rejects.toThrow(/not base64url/);
    const notDeflate = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    await expect(decodeShare(`v1.${crc32(notDeflate).toString(16).padStart(8, '0')}.${toBase64Url(notDeflate)}`)).rejects.toThrow(/does not decompress/);
    const notJson = await deflateRaw(new TextEncoder().encode('{"schema":'));
    await expect(decodeShare(`v1.${crc32(notJson).toString(16).padStart(8, '0')}.${toBase64Url(notJson)}`)).rejects.toThrow(/not JSON/);
    const s = paperFindingSweep();
    s.points[1].record.scores[0].kick.value = 'NaN' as never;
    await expect(decodeShare(await packRaw({ schema: 'kick-lab/share', version: 1, dropped: [], sweep: s }))).rejects.toThrow(/malformed at sweep.points.1.record.scores.0.kick.value/);
    await expect(decodeShare(await packRaw({ schema: 'kick-lab/share', version: 1, dropped: [], sweep: s, extra: '<script>' }))).rejects.toThrow(ShareLinkError);
  });

  it('refuses a link that unpacks beyond the size limit', async () => {
    const huge = await deflateRaw(new Uint8Array(17 * 1024 * 1024).fill(32));
    const text = `v1.${crc32(huge).toString(16).padStart(8, '0')}.${toBase64Url(huge)}`;
    await expect(decodeShare(text)).rejects.toThrow(/unpacks to more than/);
  });

  it('keeps markup in a valid link as plain data for the view to print as text', async () => {
    const enc = await encodeShare(hostileSweep());
    const back = await decodeShare(enc.text);
    expect(back.sweep.points[0].examples[0].examples[0].output).toContain('<a href="javascript:');
    expect(back.sweep.name).toContain('<script>');
  });

  it('reads the share text from a location hash and builds links', async () => {
    const { text } = await encodeShare(paperFindingSweep());
    const url = shareUrl('http://127.0.0.1:4173/', text);
    expect(url).toBe(`http://127.0.0.1:4173/#share=${text}`);
    expect(shareTextFromHash(new URL(url).hash)).toBe(text);
    expect(shareTextFromHash('#other=1')).toBeNull();
    expect(shareTextFromHash('')).toBeNull();
  });
});
