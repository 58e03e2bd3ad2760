/**
 * A tiny GitHub REST client on the global `fetch`: the base URL from `GITHUB_API_URL` (Enterprise
 * Server's `https://host/api/v3` works), the recommended headers, `Link` pagination and a bounded
 * retry with backoff on 5xx, 429 and secondary rate limits. Octokit would add ~10x the bundle for
 * the four endpoints this action calls.
 */

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
  /** Per attempt; default 30,000. */
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
    /** 0 when no answer came (network error, timeout). */
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
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** `<https://...&page=2>; rel="next", <...>; rel="last"` → the `next` URL. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const body = await response.text();
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = body;
    if (typeof message === 'string') return message;
  }
  return '';
}

export class GitHubApi {
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly fetchFn: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: GitHubApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.base = new URL(this.baseUrl);
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
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

  /** Sends one request to an absolute URL of this API, retrying what can be retried. */
  async requestUrl<T>(method: string, url: string, body?: unknown): Promise<GitHubResponse<T>> {
    const path = this.pathOf(url);
    const retries = this.options.retries ?? 3;
    const init: RequestInit = {
      method,
      headers: this.headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      let data: unknown;
      try {
        response = await this.fetchFn(url, {
          ...init,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
        data = await readBody(response);
      } catch (error) {
        // No answer, a timeout, or a body cut off: all worth another try.
        if (attempt < retries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw new GitHubApiError(method, path, 0, (error as Error).message, { cause: error });
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
