import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { forwardRequest } from './forward-request.js';

/** Fractions of calls (0 to 1) answered with a fault instead of being forwarded. */
export interface FaultRates {
  /** Answered as AWS answers throttling, in the protocol of the call. */
  readonly throttle?: number;
  /** Answered with an HTTP 500 internal error. */
  readonly serverError?: number;
  /** The connection is destroyed without an answer. */
  readonly drop?: number;
  /** Calls (of those forwarded) answered only after {@link FaultRates.slowMs}; 1 when omitted. */
  readonly slow?: number;
  /** The delay of a slow answer, in ms. */
  readonly slowMs?: number;
}

export interface FaultProxyOptions extends FaultRates {
  /** Seeds the random source: the same seed and the same calls give the same faults. */
  readonly seed?: number;
  /** Which calls may get a fault (all by default), e.g. `(call) => call.service === 'cloudformation'`. */
  readonly only?: (call: AwsCall) => boolean;
}

export interface AwsCall {
  /** The SigV4 signing name: `cloudformation`, `sts`, `ssm`, `s3`... (`unsigned` without one). */
  readonly service: string;
  /** `DescribeStacks` (query and JSON protocols), or the method for REST (`PUT`). */
  readonly action: string;
  readonly protocol: 'query' | 'json' | 'rest-xml' | 'rest-json';
}

export type FaultKind = 'throttled' | 'serverError' | 'dropped' | 'delayed';

export type CallStats = { readonly calls: number } & Partial<Record<FaultKind, number>>;

export interface FaultStats {
  /** Every call that reached the proxy, faults included. */
  readonly calls: number;
  /** Calls forwarded to the upstream (delayed ones included). */
  readonly forwarded: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
  /** By `<service>:<action>`, e.g. `cloudformation:DescribeStacks` → `{ calls: 9, throttled: 3 }`. */
  readonly byCall: ReadonlyMap<string, CallStats>;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Changes the fault rates from now on (the random sequence goes on). */
  setFaults(rates: FaultRates): void;
  stats(): FaultStats;
  /** Zeroes the counters. */
  resetStats(): void;
  close(): Promise<void>;
}

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The service, action and protocol of a signed SDK request, from its headers and body. */
export function classifyCall(req: IncomingMessage, body: string): AwsCall {
  const service =
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ??
    'unsigned';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    return { service, action: target.split('.').at(-1) ?? target, protocol: 'json' };
  }
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body)?.[1];
  if (action && (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) {
    return { service, action, protocol: 'query' };
  }
  const protocol = service === 's3' ? 'rest-xml' : 'rest-json';
  return { service, action: req.method ?? 'GET', protocol };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function queryError(type: 'Sender' | 'Receiver', code: string, message: string): string {
  return `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

/**
 * Throttling as each protocol's services send it, so the SDK parses it as it would AWS's: the
 * query protocol's `Throttling` (CloudFormation, STS, SNS, IAM), the JSON protocols'
 * `ThrottlingException` (SSM, DynamoDB, SQS, CloudWatch Logs), S3's `503 SlowDown`, and
 * REST JSON's `429 TooManyRequestsException` (Lambda).
 */
export function throttlingAnswer(call: AwsCall, contentType: string | undefined): Answer {
  switch (call.protocol) {
    case 'query':
      return {
        status: 400,
        headers: { 'content-type': 'text/xml' },
        body: queryError('Sender', 'Throttling', 'Rate exceeded'),
      };
    case 'json':
      return {
        status: 400,
        headers: {
          'content-type': contentType ?? 'application/x-amz-json-1.1',
          'x-amzn-errortype': 'ThrottlingException',
          'x-amzn-requestid': randomUUID(),
        },
        body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
      };
    case 'rest-xml':
      return {
        status: 503,
        headers: { 'content-type': 'application/xml' },
        body: `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${randomUUID()}</RequestId></Error>`,
      };
    case 'rest-json':
      return {
        status: 429,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
          'x-amzn-requestid': randomUUID(),
        },
        body: JSON.stringify({ message: 'Rate exceeded', Type: 'User' }),
      };
  }
}

/** An internal error (HTTP 500) in the protocol of the call. */
export function serverErrorAnswer(call: AwsCall, contentType: string | undefined): Answer {
  const message = 'We encountered an internal error. Please try again.';
  switch (call.protocol) {
    case 'query':
      return {
        status: 500,
        headers: { 'content-type': 'text/xml' },
        body: queryError('Receiver', 'InternalFailure', message),
      };
    case 'rest-xml':
      return {
        status: 500,
        headers: { 'content-type': 'application/xml' },
        body: `<Error><Code>InternalError</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
      };
    default:
      return {
        status: 500,
        headers: {
          'content-type': contentType ?? 'application/json',
          'x-amzn-errortype': 'InternalFailure',
        },
        body: JSON.stringify({ __type: 'InternalFailure', message }),
      };
  }
}

function send(res: ServerResponse, answer: Answer, method: string | undefined): void {
  const body = method === 'HEAD' ? '' : answer.body;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * An HTTP proxy in front of an AWS endpoint (the emulator) that answers a seeded random share of
 * the calls with faults: throttling, internal errors, dropped connections, slow answers. Point
 * AWS_ENDPOINT_URL at `endpoint`; the rest is forwarded unchanged.
 */
export async function startFaultProxy(
  upstream: string,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const random = seededRandom(options.seed ?? 1);
  let rates: FaultRates = options;
  let calls = 0;
  let forwarded = 0;
  let injected: Record<FaultKind, number> = {
    throttled: 0,
    serverError: 0,
    dropped: 0,
    delayed: 0,
  };
  let byCall = new Map<string, { calls: number } & Partial<Record<FaultKind, number>>>();
  const sockets = new Set<Socket>();

  const entryOf = (call: AwsCall) => {
    const key = `${call.service}:${call.action}`;
    const entry = byCall.get(key) ?? { calls: 0 };
    byCall.set(key, entry);
    return entry;
  };
  const count = (call: AwsCall, kind: FaultKind): void => {
    injected[kind]++;
    const entry = entryOf(call);
    entry[kind] = (entry[kind] ?? 0) + 1;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    forwarded++;
    forwardRequest(target, req, res, body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    calls++;
    const call = classifyCall(req, body.toString('utf8'));
    entryOf(call).calls++;
    const contentType = req.headers['content-type'];
    const eligible = options.only?.(call) ?? true;
    // One draw per call, so the fault sequence depends only on the seed and the call order.
    const draw = random();
    const slowDraw = random();
    const { throttle = 0, serverError = 0, drop = 0, slow = 1, slowMs = 0 } = rates;
    if (eligible && draw < throttle) {
      count(call, 'throttled');
      send(res, throttlingAnswer(call, contentType), req.method);
    } else if (eligible && draw < throttle + serverError) {
      count(call, 'serverError');
      send(res, serverErrorAnswer(call, contentType), req.method);
    } else if (eligible && draw < throttle + serverError + drop) {
      count(call, 'dropped');
      req.socket.destroy();
    } else if (eligible && slowMs > 0 && slowDraw < slow) {
      count(call, 'delayed');
      setTimeout(() => forward(req, res, body), slowMs);
    } else {
      forward(req, res, body);
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // `localhost`, not the IP: the emulator reads a TemplateURL as path-style only with it.
    endpoint: `http://localhost:${port}`,
    setFaults: (next) => {
      rates = next;
    },
    stats: () => ({
      calls,
      forwarded,
      injected: { ...injected },
      byCall: new Map([...byCall].map(([key, entry]) => [key, { ...entry }])),
    }),
    resetStats: () => {
      calls = 0;
      forwarded = 0;
      injected = { throttled: 0, serverError: 0, dropped: 0, delayed: 0 };
      byCall = new Map();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
