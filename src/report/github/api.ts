/**
 * A tiny GitHub REST client on the global `fetch`: the base URL from `GITHUB_API_URL` (Enterprise
 * Server's `https://host/api/v3` works), the recommended headers, `Link` pagination and a bounded
 * retry with backoff on 5xx, 429 and secondary rate limits. For the five endpoints this action
 * calls, `@actions/github`'s Octokit would bundle to 1.17 MB against this client's 10.5 KB, and add
 * some 70 ms to a cold start.
 *
 * An API that does not answer (timeout, connection refused or reset, DNS) is not asked again: the
 * first such call fails at once, without retry, and every later call fails without being sent, so
 * that an unreachable GitHub costs a run one timeout at most.
 */

import { describeNoAnswer, messageOf, nextLink, readBody, retryAfterMs } from './api-answers.js';

export { nextLink } from './api-answers.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GitHubApiOptions {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch?: FetchLike;
  readonly userAgent?: string;
  /** Attempts after the first one; default 3. */
  readonly retries?: number;
  /** First backoff in ms (doubled each retry, with jitter); default 1,000. */
  readonly backoffMs?: number;
  /** Longest wait between attempts, `Retry-After` included; default 30,000. Longer waits are not waited for. */
  readonly maxDelayMs?: number;
  /** Per attempt, until the whole answer is read; default 10,000. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1); for the jitter. */
  readonly random?: () => number;
}

export interface GitHubResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
}

export class GitHubApiError extends Error {
  constructor(
    readonly method: string,
    /** The path, without the base URL and the query. */
    readonly path: string,
    /** 0 when no answer came (network error, timeout) or the call was not sent for that reason. */
    readonly status: number,
    readonly responseMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      `GitHub API ${method} ${path} ${status === 0 ? 'got no answer' : `answered ${status}`}${responseMessage ? `: ${responseMessage}` : ''}`,
      options,
    );
    this.name = 'GitHubApiError';
  }

  /** The token may not do this here (missing permission, fork PR, no access to the repository). */
  get isPermission(): boolean {
    return this.status === 403 || this.status === 404;
  }

  /** No answer came, or the call was not made because an earlier one got none. */
  get isNoAnswer(): boolean {
    return this.status === 0;
  }
}

/** The default time one call may take, connection and whole answer included. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A wait between attempts never keeps the process alive: the run may end while GitHub waits. */
const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class GitHubApi {
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly fetchFn: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Aborts the calls in flight when the client is stopped. */
  private readonly stopper = new AbortController();
  private stoppedBy: string | null = null;

  constructor(private readonly options: GitHubApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.base = new URL(this.baseUrl);
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /**
   * Why the client no longer calls the API (the first call that got no answer, or `stop`), or null
   * while it does.
   */
  get stopped(): string | null {
    return this.stoppedBy;
  }

  /** Aborts the calls in flight and makes every later call fail without being sent. */
  stop(reason: string): void {
    this.stoppedBy ??= reason;
    this.stopper.abort(new Error(reason));
  }

  /** The full URL of `path` (`/repos/...`) with `query`. */
  url(path: string, query: Query = {}): string {
    const url = new URL(`${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** A URL from a `Link` header is followed only on the API's own origin and base path. */
  private isOwnUrl(url: string): boolean {
    try {
      const parsed = new URL(url);
      return (
        parsed.origin === this.base.origin &&
        parsed.pathname.startsWith(this.base.pathname.replace(/\/?$/, '/'))
      );
    } catch {
      return false;
    }
  }

  private pathOf(url: string): string {
    const { pathname } = new URL(url);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return pathname.startsWith(prefix) ? pathname.slice(prefix.length) || '/' : pathname;
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${this.options.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': this.options.userAgent ?? 'cdk-deploy-action',
    };
    if (hasBody) headers['Content-Type'] = 'application/json; charset=utf-8';
    return headers;
  }

  private backoff(attempt: number): number {
    const base = (this.options.backoffMs ?? 1_000) * 2 ** attempt;
    // "Equal jitter": half fixed, half random, so that retries never come at once.
    return Math.min(this.maxDelay, base / 2 + this.random() * (base / 2));
  }

  private get maxDelay(): number {
    return this.options.maxDelayMs ?? 30_000;
  }

  /**
   * Sends one request to an absolute URL of this API, retrying the answers that can be retried. A
   * call that gets no answer is not retried, and stops the client.
   */
  async requestUrl<T>(method: string, url: string, body?: unknown): Promise<GitHubResponse<T>> {
    const path = this.pathOf(url);
    const retries = this.options.retries ?? 3;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const init: RequestInit = {
      method,
      headers: this.headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    for (let attempt = 0; ; attempt += 1) {
      if (this.stoppedBy !== null) {
        throw new GitHubApiError(method, path, 0, `not sent: ${this.stoppedBy}`);
      }
      let response: Response;
      let data: unknown;
      try {
        response = await this.fetchFn(url, {
          ...init,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopper.signal]),
        });
        data = await readBody(response);
      } catch (error) {
        // No answer, a timeout, or a body cut off: asking again would only wait again.
        const timedOut = (error as Error).name === 'TimeoutError';
        const message = timedOut
          ? `no answer within ${timeoutMs / 1000} s`
          : describeNoAnswer(error, this.stopper.signal);
        this.stoppedBy ??= `${method} ${path} got no answer (${message})`;
        throw new GitHubApiError(method, path, 0, message, { cause: error });
      }
      if (response.ok)
        return { status: response.status, headers: response.headers, data: data as T };
      const wait = this.retryDelay(response, attempt);
      if (attempt < retries && wait !== undefined) {
        await this.sleep(wait);
        continue;
      }
      throw new GitHubApiError(method, path, response.status, messageOf(data));
    }
  }

  /** How long to wait before retrying this answer, or undefined when it must not be retried. */
  private retryDelay(response: Response, attempt: number): number | undefined {
    const { status, headers } = response;
    const told = retryAfterMs(headers, Date.now());
    const rateLimited =
      status === 429 ||
      (status === 403 && (told !== undefined || headers.get('x-ratelimit-remaining') === '0'));
    if (!rateLimited && status < 500) return undefined;
    if (told !== undefined) return told <= this.maxDelay ? told : undefined;
    return this.backoff(attempt);
  }

  request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<GitHubResponse<T>> {
    return this.requestUrl<T>(method, this.url(path, options.query), options.body);
  }

  /** Every page of a list endpoint, following `Link: rel="next"`; stop early by breaking out. */
  async *pages<T>(path: string, query: Query = {}): AsyncGenerator<T[], void, undefined> {
    let url: string | undefined = this.url(path, { per_page: 100, ...query });
    while (url) {
      const response: GitHubResponse<T[]> = await this.requestUrl<T[]>('GET', url);
      yield Array.isArray(response.data) ? response.data : [];
      const next = nextLink(response.headers.get('link'));
      url = next && this.isOwnUrl(next) ? next : undefined;
    }
  }
}

/** The API of this run: `GITHUB_API_URL`, else github.com's. */
export function gitHubApiFromEnv(
  token: string,
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<GitHubApiOptions, 'baseUrl' | 'token'> = {},
): GitHubApi {
  return new GitHubApi({
    ...options,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    token,
  });
}
