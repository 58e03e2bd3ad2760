import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** Passes a request (its body already read) on to the upstream endpoint and pipes the answer back. */
export function forwardRequest(
  upstream: URL,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): void {
  const upstreamRequest = httpRequest(
    {
      host: upstream.hostname === 'localhost' ? '127.0.0.1' : upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: req.method,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstreamRequest.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  upstreamRequest.end(body);
}
