import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer, type HubServer } from './hub-server.ts';

/** The local hub stand-in answers as the hub does, so resolver tests mean something. */
const body = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
let hub: HubServer;

beforeAll(async () => {
  hub = await startHubServer([
    { id: 'org/m', sha: '0'.repeat(40), files: new Map([['onnx/model.onnx', body], ['config.json', new TextEncoder().encode('{}')]]) },
    { id: 'org/gated', sha: '9'.repeat(40), files: new Map([['config.json', new Uint8Array(2)]]), gatedToken: 't' },
  ]);
});
afterAll(() => hub.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${hub.url}${path}`, { headers });

describe('hub server', () => {
  it('lists files of a revision (by branch or by sha) and 404s unknown repos and revisions', async () => {
    const r = await get('/api/models/org/m/revision/main');
    expect(r.status).toBe(200);
    const listing = await r.json();
    expect(listing.sha).toBe('0'.repeat(40));
    expect(listing.siblings.map((s: { rfilename: string }) => s.rfilename).sort()).toEqual(['config.json', 'onnx/model.onnx']);
    expect((await get(`/api/models/org/m/revision/${'0'.repeat(40)}`)).status).toBe(200);
    expect((await get('/api/models/org/m/revision/dev')).status).toBe(404);
    expect((await get('/api/models/org/none/revision/main')).status).toBe(404);
  });

  it('serves whole files and byte ranges (open, closed, suffix), 416 past the end', async () => {
    const whole = await get('/org/m/resolve/main/onnx/model.onnx');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(body);
    const open = await get('/org/m/resolve/main/onnx/model.onnx', { range: 'bytes=990-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(body.subarray(990));
    const closed = await get('/org/m/resolve/main/onnx/model.onnx', { range: 'bytes=10-19' });
    expect(new Uint8Array(await closed.arrayBuffer())).toEqual(body.subarray(10, 20));
    const suffix = await get('/org/m/resolve/main/onnx/model.onnx', { range: 'bytes=-5' });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(body.subarray(995));
    const past = await get('/org/m/resolve/main/onnx/model.onnx', { range: 'bytes=1000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    expect((await get('/org/m/resolve/main/onnx/missing.onnx')).status).toBe(404);
  });

  it('answers 401 for a gated repo without its token', async () => {
    expect((await get('/org/gated/resolve/main/config.json')).status).toBe(401);
    expect((await get('/api/models/org/gated/revision/main')).status).toBe(401);
    expect((await get('/org/gated/resolve/main/config.json', { authorization: 'Bearer t' })).status).toBe(200);
  });

  it('cuts the connection part-way through a file as many times as asked', async () => {
    hub.drop({ file: 'onnx/model.onnx', afterBytes: 100, times: 1 });
    const res = await get('/org/m/resolve/main/onnx/model.onnx');
    expect(res.headers.get('content-length')).toBe('1000');
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(new Uint8Array(await (await get('/org/m/resolve/main/onnx/model.onnx')).arrayBuffer())).toEqual(body);
  });
});
