/**
 * A local stand-in for the GitHub REST API (node:http on 127.0.0.1, a free port): it records every
 * request and serves issue comments with `Link` pagination, deployments, deployment statuses and
 * commit statuses.
 * A route can be told to answer an error (e.g. 403) a number of times or for good.
 *
 * `prefix` mounts it under a path, as GitHub Enterprise Server does (`/api/v3`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** The path without the prefix and the query. */
  readonly path: string;
  /** The path as received. */
  readonly rawPath: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface FakeDeployment {
  id: number;
  ref: string;
  environment: string;
  body: Record<string, unknown>;
  statuses: Record<string, unknown>[];
}

export interface FakeCommitStatus {
  id: number;
  sha: string;
  state: string;
  description?: string;
  context?: string;
  target_url?: string;
}

interface Failure {
  readonly method: string;
  readonly pattern: RegExp;
  readonly status: number;
  readonly message: string;
  readonly headers: Record<string, string>;
  remaining: number;
}

export interface FailOptions {
  /** How many requests to fail; default: all. */
  readonly times?: number;
  readonly message?: string;
  readonly headers?: Record<string, string>;
}

const COMMENTS = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const COMMENT = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/;
const DEPLOYMENTS = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/;
const STATUSES = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/;
const COMMIT_STATUSES = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]+)$/;
const COMMIT_PULLS = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/pulls$/;

/** A pull request as `GET /repos/{owner}/{repo}/commits/{sha}/pulls` lists it. */
export interface FakePullRequest {
  number: number;
  merged_at: string | null;
  merge_commit_sha: string | null;
}

export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = [];
  /** Comments by issue number, oldest first (as GitHub lists them). */
  readonly comments = new Map<number, FakeComment[]>();
  readonly deployments: FakeDeployment[] = [];
  /** Commit statuses in the order they were set. */
  readonly commitStatuses: FakeCommitStatus[] = [];
  /** The pull requests each commit is part of, by its sha. */
  readonly commitPulls = new Map<string, FakePullRequest[]>();
  private readonly failures: Failure[] = [];
  private nextId = 1000;
  private server: Server | null = null;
  private origin = '';

  constructor(readonly prefix = '') {}

  /** Base URL to give the client as GITHUB_API_URL. */
  get url(): string {
    return `${this.origin}${this.prefix}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Answer `status` to `method` requests whose path (without prefix) matches. */
  fail(method: string, pattern: RegExp, status: number, options: FailOptions = {}): void {
    this.failures.push({
      method: method.toUpperCase(),
      pattern,
      status,
      message:
        options.message ?? (status === 403 ? 'Resource not accessible by integration' : 'Error'),
      headers: options.headers ?? {},
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** Adds comments by someone else to an issue. */
  seedComments(issue: number, bodies: readonly string[], login = 'someone'): void {
    const list = this.comments.get(issue) ?? [];
    for (const body of bodies) list.push(this.comment(issue, body, login));
    this.comments.set(issue, list);
  }

  /** Requests without the noise: `GET /repos/o/r/issues/1/comments?page=2`. */
  get log(): string[] {
    return this.requests.map((r) => {
      const query = new URLSearchParams(r.query).toString();
      return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
    });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private comment(issue: number, body: string, login: string): FakeComment {
    const id = this.nextId++;
    return {
      id,
      body,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.example/o/r/pull/${issue}#issuecomment-${id}`,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const inPrefix = url.pathname.startsWith(this.prefix);
    const path = inPrefix ? url.pathname.slice(this.prefix.length) || '/' : url.pathname;
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[key] = value;
    }
    this.requests.push({
      method,
      path,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });

    const send = (status: number, data: unknown, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };

    if (!inPrefix) return send(404, { message: 'Not Found' });
    const failure = this.failures.find(
      (f) => f.remaining > 0 && f.method === method && f.pattern.test(path),
    );
    if (failure) {
      failure.remaining -= 1;
      return send(failure.status, { message: failure.message }, failure.headers);
    }
    if (headers.authorization !== 'Bearer test-token') {
      return send(401, { message: 'Bad credentials' });
    }
    this.route(method, path, url, body, send);
  }

  private route(
    method: string,
    path: string,
    url: URL,
    body: unknown,
    send: (status: number, data: unknown, extra?: Record<string, string>) => void,
  ): void {
    let match: RegExpExecArray | null;
    if ((match = COMMENTS.exec(path))) {
      const issue = Number(match[3]);
      const list = this.comments.get(issue) ?? [];
      if (method === 'GET') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
        const last = Math.max(1, Math.ceil(list.length / perPage));
        const pageUrl = (n: number): string => {
          const u = new URL(url);
          u.searchParams.set('page', String(n));
          return u.toString();
        };
        const links: string[] = [];
        if (page < last)
          links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
        if (page > 1)
          links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
        return send(
          200,
          list.slice((page - 1) * perPage, page * perPage),
          links.length > 0 ? { link: links.join(', ') } : {},
        );
      }
      if (method === 'POST') {
        const comment = this.comment(issue, (body as { body: string }).body, 'github-actions[bot]');
        list.push(comment);
        this.comments.set(issue, list);
        return send(201, comment);
      }
    }
    if ((match = COMMENT.exec(path)) && method === 'PATCH') {
      const id = Number(match[3]);
      for (const list of this.comments.values()) {
        const comment = list.find((c) => c.id === id);
        if (comment) {
          comment.body = (body as { body: string }).body;
          return send(200, comment);
        }
      }
      return send(404, { message: 'Not Found' });
    }
    if ((match = DEPLOYMENTS.exec(path)) && method === 'POST') {
      const input = body as Record<string, unknown>;
      const deployment: FakeDeployment = {
        id: this.nextId++,
        ref: String(input.ref),
        environment: String(input.environment),
        body: input,
        statuses: [],
      };
      this.deployments.push(deployment);
      return send(201, {
        id: deployment.id,
        ref: deployment.ref,
        environment: deployment.environment,
      });
    }
    if ((match = STATUSES.exec(path)) && method === 'POST') {
      const deployment = this.deployments.find((d) => d.id === Number(match?.[3]));
      if (!deployment) return send(404, { message: 'Not Found' });
      const status = { id: this.nextId++, ...(body as Record<string, unknown>) };
      deployment.statuses.push(status);
      return send(201, status);
    }
    if ((match = COMMIT_PULLS.exec(path)) && method === 'GET') {
      return send(200, this.commitPulls.get(match[3] ?? '') ?? []);
    }
    if ((match = COMMIT_STATUSES.exec(path)) && method === 'POST') {
      const status = {
        id: this.nextId++,
        sha: match[3] ?? '',
        ...(body as Omit<FakeCommitStatus, 'id' | 'sha'>),
      };
      this.commitStatuses.push(status);
      return send(201, status);
    }
    send(404, { message: 'Not Found' });
  }
}

/**
 * A GitHub API that never answers: it accepts connections on 127.0.0.1 and says nothing, as a
 * firewalled or hung endpoint does. It counts the connections and the requests sent on them (their
 * request lines), to show that no more calls came. (After a call is aborted, undici may open a
 * spare connection that carries no request.)
 */
export class SilentGitHubApi {
  connections = 0;
  /** `POST /repos/acme/infra/deployments`, one per request received. */
  readonly requests: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = createTcpServer((socket) => {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(/^([A-Z]+ \S+) HTTP\/1\.1\r$/gm)) {
        this.requests.push(match[1] ?? '');
      }
    });
  });
  private origin = '';

  get url(): string {
    return this.origin;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
