import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from './forward-request.js';

export interface CallCount {
  /** By `<service>:<action>`, e.g. `cloudformation:CreateChangeSet`, `s3:PUT`. */
  readonly calls: Map<string, number>;
}

export interface CountingProxy extends CallCount {
  readonly endpoint: string;
  reset(): void;
  total(service: string): number;
  close(): Promise<void>;
}

function serviceOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? 'unsigned';
}

function actionOf(body: string, target: string | undefined, method: string): string {
  return /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? target?.split('.').at(-1) ?? method;
}

/** An HTTP proxy in front of the emulator that counts every AWS call by service and action. */
export async function startCountingProxy(
  upstream: string,
  onCall?: (key: string, path: string) => void,
): Promise<CountingProxy> {
  const target = new URL(upstream);
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${serviceOf(req.headers.authorization)}:${actionOf(body.toString(), req.headers['x-amz-target'] as string | undefined, req.method ?? '')}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      onCall?.(key, req.url ?? '');
      forwardRequest(target, req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://localhost:${port}`,
    calls,
    reset: () => calls.clear(),
    total: (service) =>
      [...calls.entries()]
        .filter(([k]) => k.startsWith(`${service}:`))
        .reduce((n, [, v]) => n + v, 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
