import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttlingAnswer, serverErrorAnswer } from '../../scripts/lib/fault-proxy.js';
import { nameFailedAttempts } from '../../src/aws/call-names.js';
import {
  backoffDelay,
  LoggingRetryStrategy,
  RETRY_POLICY,
  type RetryPolicy,
} from '../../src/aws/retry-policy.js';

const policy: RetryPolicy = {
  maxAttempts: 5,
  unreachableAttempts: 3,
  baseDelayMs: 100,
  throttlingBaseDelayMs: 400,
  maxDelayMs: 2_000,
};

describe('backoffDelay', () => {
  it('doubles its ceiling with every retry up to the maximum, from the throttling base when throttled', () => {
    const top = () => 0.999_999;
    const delays = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(policy, retry, true, top));
    expect(delays).toEqual([399, 799, 1599, 1999, 1999, 1999]);
    expect(backoffDelay(policy, 3, false, top)).toBe(399);
  });

  it('draws each delay uniformly between zero and the ceiling (full jitter)', () => {
    expect(backoffDelay(policy, 2, false, () => 0)).toBe(0);
    expect(backoffDelay(policy, 2, false, () => 0.5)).toBe(100);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let retry = 1; retry <= 8; retry++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
      const delay = backoffDelay(policy, retry, false, random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('keeps the default policy bounded: 8 attempts, no wait over 20 s', () => {
    expect(RETRY_POLICY.maxAttempts).toBe(8);
    expect(backoffDelay(RETRY_POLICY, 30, true, () => 0.999_999)).toBeLessThanOrEqual(20_000);
  });
});

type Scripted = 'throttle' | 'error' | 'invalid' | 'ok';

const DESCRIBE_OK = `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks/></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`;

/** A CloudFormation endpoint that answers each call with the next scripted answer. */
async function scriptedEndpoint(script: Scripted[]): Promise<{ url: string; calls: () => number }> {
  let calls = 0;
  const call = { service: 'cloudformation', action: 'DescribeStacks', protocol: 'query' } as const;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const next = script[calls++] ?? 'ok';
      const answer =
        next === 'throttle'
          ? throttlingAnswer(call, undefined)
          : next === 'error'
            ? serverErrorAnswer(call, undefined)
            : next === 'invalid'
              ? {
                  status: 400,
                  headers: { 'content-type': 'text/xml' },
                  body: '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Nope does not exist</Message></Error></ErrorResponse>',
                }
              : { status: 200, headers: { 'content-type': 'text/xml' }, body: DESCRIBE_OK };
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(
    servers.splice(0).map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))),
  );
});

function clientWith(endpoint: string, strategy: LoggingRetryStrategy): CloudFormationClient {
  return nameFailedAttempts(
    new CloudFormationClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: policy.maxAttempts,
      retryStrategy: strategy,
    }),
  );
}

function recorder(random = () => 0.5) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const runtime = {
    log: (line: string) => lines.push(line),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random,
  };
  return { lines, sleeps, runtime };
}

describe('LoggingRetryStrategy in an SDK client', () => {
  it('retries throttling and server errors with growing waits, logging each retry, until the call succeeds', async () => {
    const endpoint = await scriptedEndpoint(['throttle', 'throttle', 'error', 'ok']);
    const { lines, sleeps, runtime } = recorder();
    const client = clientWith(endpoint.url, new LoggingRetryStrategy(policy, runtime));
    const answer = await client.send(new DescribeStacksCommand({}));
    expect(answer.$metadata.attempts).toBe(4);
    expect(endpoint.calls()).toBe(4);
    expect(sleeps).toEqual([200, 400, 200]);
    expect(lines).toEqual([
      'CloudFormation DescribeStacks throttled (Throttling, HTTP 400: Rate exceeded); retry 1 of 4 in 0.2 s',
      'CloudFormation DescribeStacks throttled (Throttling, HTTP 400: Rate exceeded); retry 2 of 4 in 0.4 s',
      'CloudFormation DescribeStacks failed (InternalFailure, HTTP 500: We encountered an internal error. Please try again.); retry 3 of 4 in 0.2 s',
    ]);
  });

  it('gives up after maxAttempts and throws the last error, saying so in the log', async () => {
    const endpoint = await scriptedEndpoint(Array<Scripted>(20).fill('throttle'));
    const { lines, sleeps, runtime } = recorder(() => 0.999_999);
    const client = clientWith(endpoint.url, new LoggingRetryStrategy(policy, runtime));
    await expect(client.send(new DescribeStacksCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { attempts: policy.maxAttempts },
    });
    expect(endpoint.calls()).toBe(policy.maxAttempts);
    expect(sleeps).toEqual([399, 799, 1599, 1999]);
    expect(lines.at(-1)).toBe(
      `CloudFormation DescribeStacks throttled (Throttling, HTTP 400: Rate exceeded); giving up after ${policy.maxAttempts} attempt(s)`,
    );
  });

  it('does not retry an error that is the answer (a missing stack), nor log it', async () => {
    const endpoint = await scriptedEndpoint(['invalid', 'ok']);
    const { lines, sleeps, runtime } = recorder();
    const client = clientWith(endpoint.url, new LoggingRetryStrategy(policy, runtime));
    await expect(client.send(new DescribeStacksCommand({}))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(endpoint.calls()).toBe(1);
    expect([lines, sleeps]).toEqual([[], []]);
  });

  it('fails fast when nothing listens at the endpoint, naming it in the error', async () => {
    const closed = await scriptedEndpoint([]);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    vi.stubEnv('AWS_ENDPOINT_URL', closed.url);
    const { lines, sleeps, runtime } = recorder();
    const client = clientWith(closed.url, new LoggingRetryStrategy(policy, runtime));
    const error = (await client.send(new DescribeStacksCommand({})).catch((e: unknown) => e)) as
      Error | undefined;
    expect(error?.message).toContain(
      `Cannot reach ${closed.url} (AWS_ENDPOINT_URL) (ECONNREFUSED, ${policy.unreachableAttempts} attempt(s))`,
    );
    expect(sleeps).toHaveLength(policy.unreachableAttempts - 1);
    expect(lines.at(-1)).toMatch(
      /^CloudFormation DescribeStacks failed \(ECONNREFUSED.*giving up after 3 attempt\(s\)$/,
    );
  });
});
