// A server that counts every request it gets, whatever the method or path, and answers each one
// as a permissive OpenAI-compatible judge would (CORS preflight included): a request the app
// should never have sent succeeds here, and so cannot hide behind a failure.
import { closeServer, listen, readBody, type RunningServer } from './http.ts';

export interface CountedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface CountingServer extends RunningServer {
  requests: CountedRequest[];
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  // The lab is cross-origin isolated (COEP require-corp).
  'cross-origin-resource-policy': 'cross-origin',
};

export async function startCountingServer(): Promise<CountingServer> {
  const requests: CountedRequest[] = [];
  const { server, url } = await listen(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const text = JSON.stringify({ id: 'chatcmpl-counted', object: 'chat.completion', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '5 5' } }] });
    res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
    res.end(text);
  });
  return { url, requests, close: () => closeServer(server) };
}
