import * as core from '@actions/core';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  StandardRetryBackoffStrategy,
  StandardRetryToken,
} from '@smithy/types';
import { callNameOf } from './call-names.js';
import { realSleep, type Sleep } from '../util/sleep.js';
import { isUnreachable, unreachableMessage } from './unreachable-endpoint.js';

export type RetryLog = (line: string) => void;

export interface RetryPolicy {
  /** Attempts of one call, the first one included. */
  readonly maxAttempts: number;
  /** Attempts of a call that cannot connect at all, so a down endpoint fails within seconds. */
  readonly unreachableAttempts: number;
  /** The ceiling of the first wait after a server error or a dropped connection. */
  readonly baseDelayMs: number;
  /** The ceiling of the first wait after throttling. */
  readonly throttlingBaseDelayMs: number;
  /** No wait is longer. */
  readonly maxDelayMs: number;
}

export const RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  unreachableAttempts: 3,
  baseDelayMs: 100,
  throttlingBaseDelayMs: 500,
  maxDelayMs: 20_000,
};

export interface RetryRuntime {
  readonly log: RetryLog;
  readonly sleep: Sleep;
  /** In [0, 1), as Math.random. */
  readonly random: () => number;
}

export const DEFAULT_RETRY_RUNTIME: RetryRuntime = {
  log: (line) => core.info(line),
  sleep: realSleep,
  random: Math.random,
};

/** Exponential backoff with full jitter (as the SDK's): uniform in [0, base × 2^(retry-1)], capped. */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  throttled: boolean,
  random: () => number,
): number {
  const base = throttled ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

function isRetryable(info: RetryErrorInfo): boolean {
  return info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
}

function describeError(info: RetryErrorInfo): string {
  const error = (info.error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = error.$metadata?.httpStatusCode;
  const kind = error.code ?? error.name ?? 'Error';
  const what = [kind, status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
  const message = error.message ? `: ${error.message.split('\n')[0]?.slice(0, 160) ?? ''}` : '';
  return `${info.errorType === 'THROTTLING' ? 'throttled' : 'failed'} (${what}${message})`;
}

/** The SDK's strategy sleeps through the backoff it computes: this one makes that wait nothing. */
const NO_WAIT: StandardRetryBackoffStrategy = {
  computeNextBackoffDelay: () => 0,
  setDelayBase: () => undefined,
};

/**
 * The SDK's standard retry strategy (what is retryable, the attempt bound, the retry quota that
 * stops a storm of retries), with the wait chosen here so it can be logged before it starts and
 * slept through an injectable sleep. A call that cannot connect at all gets fewer attempts and an
 * error that names the endpoint.
 */
export class LoggingRetryStrategy implements RetryStrategyV2 {
  private readonly standard: StandardRetryStrategy;

  constructor(
    private readonly policy: RetryPolicy = RETRY_POLICY,
    private readonly runtime: RetryRuntime = DEFAULT_RETRY_RUNTIME,
  ) {
    this.standard = new StandardRetryStrategy({
      maxAttempts: policy.maxAttempts,
      backoff: NO_WAIT,
    });
  }

  acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  recordSuccess(token: StandardRetryToken): void {
    this.standard.recordSuccess(token);
  }

  async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    info: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const retry = token.getRetryCount() + 1;
    const unreachable = isUnreachable(info.error);
    const attempts = unreachable ? this.policy.unreachableAttempts : this.policy.maxAttempts;
    const call = callNameOf(info.error);
    let next: StandardRetryToken;
    try {
      if (retry >= attempts) throw new Error(`no retry left after ${retry} attempt(s)`);
      // The Retry-After hint is honoured below, not by a second wait inside the SDK's strategy.
      next = await this.standard.refreshRetryTokenForRetry(token, {
        error: info.error,
        errorType: info.errorType,
      });
    } catch (refusal) {
      if (isRetryable(info)) {
        this.runtime.log(`${call} ${describeError(info)}; giving up after ${retry} attempt(s)`);
      }
      // The SDK rethrows this very error object to the caller.
      if (unreachable && info.error) info.error.message = unreachableMessage(info.error, retry);
      throw refusal;
    }
    const delay = Math.max(
      backoffDelay(this.policy, retry, info.errorType === 'THROTTLING', this.runtime.random),
      info.retryAfterHint
        ? Math.min(this.policy.maxDelayMs, info.retryAfterHint.getTime() - Date.now())
        : 0,
    );
    this.runtime.log(
      `${call} ${describeError(info)}; retry ${retry} of ${attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
    );
    await this.runtime.sleep(delay);
    return next;
  }
}

/** Options of every client's HTTP handler: a connection that cannot open fails after 10 s. */
export const REQUEST_HANDLER = { connectionTimeout: 10_000, socketTimeout: 120_000 } as const;

/** What every AWS SDK client the action builds is given, beside its region and credentials. */
export interface SdkRetrySettings {
  readonly maxAttempts: number;
  readonly retryStrategy: RetryStrategyV2;
  readonly requestHandler: { readonly connectionTimeout: number; readonly socketTimeout: number };
}

/** Fresh settings (a retry strategy keeps a retry quota, so clients of one target share one). */
export function sdkRetrySettings(
  log: RetryLog = DEFAULT_RETRY_RUNTIME.log,
  policy: RetryPolicy = RETRY_POLICY,
): SdkRetrySettings {
  return {
    maxAttempts: policy.maxAttempts,
    retryStrategy: new LoggingRetryStrategy(policy, { ...DEFAULT_RETRY_RUNTIME, log }),
    requestHandler: REQUEST_HANDLER,
  };
}
