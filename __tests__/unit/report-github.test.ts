import { describe, expect, it } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackRecord } from '../../src/model/stack.js';
import { DEPLOYMENT_STATUSES } from '../../src/model/transitions.js';
import {
  GitHubApi,
  GitHubApiError,
  nextLink,
  type FetchLike,
} from '../../src/report/github/api.js';
import { deploymentRef, readGitHubContext } from '../../src/report/github/context.js';
import {
  gitHubDeploymentState,
  resolveEnvironmentUrl,
  statusDescription,
} from '../../src/report/github/deployment-status.js';
import { PullRequestCommenter } from '../../src/report/github/pull-request-commenter.js';

function stack(name: string, overrides: Partial<StackRecord> = {}): StackRecord {
  return {
    id: name,
    name,
    deployment_id: 'd',
    status: 'deployed',
    template_path: 't',
    outputs: {},
    dependencies: [],
    error_message: null,
    artifact_id: name,
    environment: 'aws://123456789012/eu-west-1',
    stack_arn: null,
    cloudformation_status: null,
    no_op: false,
    change_set_arn: null,
    changes: 1,
    start_time: null,
    end_time: null,
    status_history: [],
    previous_state: null,
    rollback: null,
    ...overrides,
  };
}

function record(
  status: DeploymentRecordFile['deployment']['status'],
  stacks: StackRecord[] = [],
  reason: string | null = null,
): DeploymentRecordFile {
  return {
    deployment: {
      id: 'dep',
      status,
      start_time: '2025-01-31T10:00:00.000Z',
      end_time: null,
      environment: 'staging',
      stacks_order: stacks.map((s) => s.name),
      logs: [],
      rollback_reason: reason,
      mode: 'deploy',
      status_history: [],
      checks: [],
      rollback: null,
    },
    stacks,
    resources: [],
  };
}

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers from a list, and records the calls. */
function scripted(answers: (Response | Error)[]): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

function client(fetch: FetchLike, waits: number[] = [], baseUrl = 'https://api.github.com') {
  return new GitHubApi({
    baseUrl,
    token: 'secret-token',
    fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
}

describe('GitHubApi', () => {
  it('joins the base URL and the path, keeping an Enterprise Server prefix', () => {
    const api = client(scripted([]).fetch, [], 'https://ghe.example.com/api/v3/');
    expect(api.url('/repos/o/r/deployments', { per_page: 100, page: undefined })).toBe(
      'https://ghe.example.com/api/v3/repos/o/r/deployments?per_page=100',
    );
  });

  it('sends the recommended headers', async () => {
    const { fetch, calls } = scripted([json(201, { id: 1 })]);
    await client(fetch).request('POST', '/repos/o/r/deployments', { body: { ref: 'main' } });
    expect(calls[0]!.init.headers).toEqual({
      Accept: 'application/vnd.github+json',
      Authorization: 'Bearer secret-token',
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'cdk-deploy-action',
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(calls[0]!.init.body).toBe('{"ref":"main"}');
  });

  it('retries 5xx with growing, jittered waits, then gives up', async () => {
    const waits: number[] = [];
    const { fetch, calls } = scripted([
      json(502, { message: 'Bad Gateway' }),
      json(500, {}),
      json(500, {}),
      json(503, { message: 'Unavailable' }),
    ]);
    const error = await client(fetch, waits)
      .request('GET', '/repos/o/r')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(503);
    expect((error as GitHubApiError).message).toBe(
      'GitHub API GET /repos/o/r answered 503: Unavailable',
    );
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([750, 1500, 3000]);
  });

  it('does not retry a call that got no answer, and sends no call after it', async () => {
    const waits: number[] = [];
    const { fetch, calls } = scripted([
      Object.assign(new TypeError('fetch failed'), {
        cause: new Error('connect ECONNREFUSED 127.0.0.1:1'),
      }),
    ]);
    const api = client(fetch, waits);
    const error = (await api
      .request('GET', '/repos/o/r')
      .catch((e: unknown) => e)) as GitHubApiError;
    expect(error.isNoAnswer).toBe(true);
    expect(error.message).toBe(
      'GitHub API GET /repos/o/r got no answer: fetch failed: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(api.stopped).toBe(
      'GET /repos/o/r got no answer (fetch failed: connect ECONNREFUSED 127.0.0.1:1)',
    );
    const later = (await api
      .request('POST', '/repos/o/r/deployments')
      .catch((e: unknown) => e)) as GitHubApiError;
    expect(later.isNoAnswer).toBe(true);
    expect(later.message).toMatch(
      /^GitHub API POST \/repos\/o\/r\/deployments got no answer: not sent: /,
    );
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('gives every call a 10 s timeout by default', async () => {
    const { fetch, calls } = scripted([json(200, {})]);
    await client(fetch).request('GET', '/x');
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const api = new GitHubApi({
      baseUrl: 'https://api.github.com',
      token: 't',
      timeoutMs: 50,
      fetch: scripted([timedOut]).fetch,
    });
    await expect(api.request('GET', '/x')).rejects.toThrow(
      'GitHub API GET /x got no answer: no answer within 0.05 s',
    );
  });

  it('does not retry a permission error, and keeps the token out of the message', async () => {
    const { fetch, calls } = scripted([
      json(403, { message: 'Resource not accessible by integration' }),
    ]);
    const error = (await client(fetch)
      .request('GET', '/repos/o/r')
      .catch((e: unknown) => e)) as GitHubApiError;
    expect(error.isPermission).toBe(true);
    expect(error.message).not.toContain('secret-token');
    expect(calls).toHaveLength(1);
  });

  it('waits as told by Retry-After on a secondary rate limit, but not for an hour', async () => {
    const waits: number[] = [];
    const { fetch, calls } = scripted([
      json(403, { message: 'secondary rate limit' }, { 'retry-after': '2' }),
      json(200, { ok: true }),
    ]);
    await client(fetch, waits).request('GET', '/x');
    expect(waits).toEqual([2000]);
    expect(calls).toHaveLength(2);

    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const limited = scripted([
      json(
        403,
        { message: 'API rate limit exceeded' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
        },
      ),
    ]);
    const error = (await client(limited.fetch)
      .request('GET', '/x')
      .catch((e: unknown) => e)) as GitHubApiError;
    expect(error.status).toBe(403);
    expect(limited.calls).toHaveLength(1);
  });

  it('reads the next page from a Link header', () => {
    expect(
      nextLink(
        '<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=5>; rel="last"',
      ),
    ).toBe('https://api.github.com/x?page=3');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('readGitHubContext', () => {
  const files: Record<string, string> = {
    '/pr.json': JSON.stringify({ pull_request: { number: 12, head: { sha: 'headsha' } } }),
    '/comment.json': JSON.stringify({ issue: { number: 9, pull_request: { url: 'x' } } }),
    '/push.json': JSON.stringify({ ref: 'refs/heads/main' }),
    '/bad.json': '{',
  };
  const read = (path: string): string => {
    const content = files[path];
    if (content === undefined) throw new Error(`ENOENT: ${path}`);
    return content;
  };
  const base = {
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SHA: 'mergesha',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '42',
  };

  it('reads a pull_request event', () => {
    const context = readGitHubContext(
      {
        ...base,
        GITHUB_EVENT_PATH: '/pr.json',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_HEAD_REF: 'feature',
      },
      read,
    );
    expect(context).toEqual({
      apiUrl: 'https://api.github.com',
      repository: { owner: 'acme', repo: 'infra' },
      eventName: 'pull_request',
      pullRequest: { owner: 'acme', repo: 'infra', number: 12 },
      notPullRequestReason: null,
      sha: 'headsha',
      deploymentRef: 'headsha',
      runUrl: 'https://github.com/acme/infra/actions/runs/42',
    });
  });

  it('reads an issue_comment on a pull request', () => {
    const context = readGitHubContext({ ...base, GITHUB_EVENT_PATH: '/comment.json' }, read);
    expect(context.pullRequest).toEqual({ owner: 'acme', repo: 'infra', number: 9 });
    expect(context.deploymentRef).toBe('mergesha');
  });

  it('says why there is no pull request', () => {
    expect(
      readGitHubContext(
        { ...base, GITHUB_EVENT_PATH: '/push.json', GITHUB_EVENT_NAME: 'push' },
        read,
      ),
    ).toMatchObject({
      pullRequest: null,
      notPullRequestReason: "the 'push' event is not about a pull request",
      deploymentRef: 'mergesha',
    });
    expect(readGitHubContext({ ...base }, read).notPullRequestReason).toMatch(
      /GITHUB_EVENT_PATH is not set/,
    );
    expect(
      readGitHubContext({ ...base, GITHUB_EVENT_PATH: '/bad.json' }, read).notPullRequestReason,
    ).toMatch(/could not be read/);
    expect(readGitHubContext({ GITHUB_EVENT_PATH: '/pr.json' }, read).notPullRequestReason).toBe(
      'GITHUB_REPOSITORY is not set',
    );
  });

  it('takes the head commit, then GITHUB_HEAD_REF, then GITHUB_SHA as the deployment ref', () => {
    expect(deploymentRef({ GITHUB_HEAD_REF: 'feature', GITHUB_SHA: 's' }, 'head')).toBe('head');
    expect(deploymentRef({ GITHUB_HEAD_REF: 'feature', GITHUB_SHA: 's' }, null)).toBe('feature');
    expect(deploymentRef({ GITHUB_HEAD_REF: '', GITHUB_SHA: 's' }, null)).toBe('s');
    expect(deploymentRef({}, null)).toBeNull();
  });
});

describe('GitHub deployment states', () => {
  it('maps every record status', () => {
    expect(
      Object.fromEntries(DEPLOYMENT_STATUSES.map((s) => [s, gitHubDeploymentState(s)])),
    ).toEqual({
      pending: 'queued',
      synthesizing: 'in_progress',
      deploying: 'in_progress',
      verifying: 'in_progress',
      completed: 'success',
      failed: 'failure',
      rolled_back: 'failure',
    });
  });

  it('ends a completed destroy inactive, and a failed one failure', () => {
    expect(gitHubDeploymentState('completed', 'destroy')).toBe('inactive');
    expect(gitHubDeploymentState('failed', 'destroy')).toBe('failure');
    expect(gitHubDeploymentState('completed', 'deploy')).toBe('success');
  });

  it('describes each status within GitHub’s 140 characters', () => {
    const stacks = [stack('A'), stack('B', { no_op: true })];
    expect(statusDescription(record('completed', stacks))).toBe(
      'Deployed 2 stacks (1 without changes)',
    );
    expect(statusDescription(record('deploying', [stack('A')]))).toBe('Deploying 1 stack');
    const long = statusDescription(record('rolled_back', stacks, `boom ${'x'.repeat(500)}`));
    expect(long.length).toBe(140);
    expect(long.startsWith('Rolled back: boom x')).toBe(true);
    const incomplete = record('failed', stacks, 'boom');
    incomplete.deployment.rollback = {
      outcome: 'incomplete',
      message: 'Api could not be restored',
    };
    expect(statusDescription(incomplete)).toBe('Failed, rollback incomplete: boom');
  });
});

describe('resolveEnvironmentUrl', () => {
  const r = record('completed', [
    stack('Api', {
      outputs: { Url: 'https://api.example.com/', Name: 'api' },
      artifact_id: 'Prod/Api',
    }),
    stack('Web', { status: 'failed', outputs: { Url: 'https://web.example.com/' } }),
  ]);

  it('takes a literal URL first, else the named stack output', () => {
    expect(
      resolveEnvironmentUrl(r, { url: 'https://x.example.com', fromOutput: 'Api.Url' }),
    ).toEqual({
      url: 'https://x.example.com',
    });
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Api.Url' })).toEqual({
      url: 'https://api.example.com/',
    });
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Prod/Api.Url' })).toEqual({
      url: 'https://api.example.com/',
    });
    expect(resolveEnvironmentUrl(r, {})).toEqual({});
  });

  it('warns about what it cannot use', () => {
    expect(resolveEnvironmentUrl(r, { url: 'ftp://x' }).warning).toMatch(/not an http\(s\) URL/);
    expect(resolveEnvironmentUrl(r, { fromOutput: 'ApiUrl' }).warning).toMatch(
      /StackName\.OutputKey/,
    );
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Nope.Url' }).warning).toMatch(
      /not in this deployment/,
    );
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Api.Missing' }).warning).toMatch(
      /has no output 'Missing'/,
    );
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Api.Name' }).warning).toMatch(
      /not an http\(s\) URL/,
    );
    // a stack that is not deployed gives no URL, silently
    expect(resolveEnvironmentUrl(r, { fromOutput: 'Web.Url' })).toEqual({});
  });
});

describe('PullRequestCommenter', () => {
  const target = { owner: 'o', repo: 'r', number: 1 };

  it('makes one comment when two phases are reported at once', async () => {
    const { fetch, calls } = scripted([
      json(200, []),
      json(201, { id: 5, html_url: 'https://github.com/o/r/pull/1#issuecomment-5' }),
      json(200, { id: 5 }),
    ]);
    const commenter = new PullRequestCommenter({
      api: client(fetch),
      pullRequest: target,
      environment: 'dev',
    });
    const [a, b] = await Promise.all([commenter.upsert('first'), commenter.upsert('second')]);
    expect(a).toEqual({
      action: 'created',
      commentId: 5,
      url: 'https://github.com/o/r/pull/1#issuecomment-5',
    });
    expect(b).toEqual({ action: 'updated', commentId: 5 });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET https://api.github.com/repos/o/r/issues/1/comments?per_page=100',
      'POST https://api.github.com/repos/o/r/issues/1/comments',
      'PATCH https://api.github.com/repos/o/r/issues/comments/5',
    ]);
  });

  it('adds the marker when the body lacks it and cuts a body over 65,536 characters', async () => {
    const { fetch, calls } = scripted([json(200, []), json(201, { id: 5 })]);
    const commenter = new PullRequestCommenter({
      api: client(fetch),
      pullRequest: target,
      environment: 'dev',
    });
    await commenter.upsert('y'.repeat(100_000));
    const sent = (JSON.parse(calls[1]!.init.body as string) as { body: string }).body;
    expect(sent.startsWith('<!-- cdk-deploy-action:environment=dev -->\nyyy')).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(65_536);
  });

  it('does not take a comment that only quotes the marker later on', async () => {
    const { fetch, calls } = scripted([
      json(200, [{ id: 3, body: 'see <!-- cdk-deploy-action:environment=dev --> above' }]),
      json(201, { id: 5 }),
    ]);
    const commenter = new PullRequestCommenter({
      api: client(fetch),
      pullRequest: target,
      environment: 'dev',
    });
    expect(await commenter.upsert('body')).toMatchObject({ action: 'created' });
    expect(calls).toHaveLength(2);
  });
});
