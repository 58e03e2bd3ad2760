/**
 * The GitHub reporting against a local fake of the REST API (no network): exact requests for the
 * pull-request comment and the deployment statuses, pagination, permission errors, retries and an
 * Enterprise Server base URL with a path prefix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackRecord } from '../../src/model/stack.js';
import type { DeploymentStatus } from '../../src/model/transitions.js';
import { GitHubApi } from '../../src/report/github/api.js';
import { readGitHubContext } from '../../src/report/github/context.js';
import { DeploymentStatusReporter } from '../../src/report/github/deployment-status.js';
import { PullRequestCommenter } from '../../src/report/github/pull-request-commenter.js';
import { gitHubReporters } from '../../src/report/github/reporters.js';
import {
  commentMarker,
  renderPullRequestComment,
} from '../../src/report/summary/pull-request-comment.js';
import { FakeGitHubApi } from '../support/fake-github-api.js';

const TOKEN = 'test-token';
const REPO = { owner: 'acme', repo: 'infra' };
const PR = 7;
const COMMENTS_PATH = `/repos/acme/infra/issues/${PR}/comments`;
const RUN_URL = 'https://github.com/acme/infra/actions/runs/42';

const PATHS: Record<DeploymentStatus, DeploymentStatus[]> = {
  pending: ['pending'],
  synthesizing: ['pending', 'synthesizing'],
  deploying: ['pending', 'synthesizing', 'deploying'],
  verifying: ['pending', 'synthesizing', 'deploying', 'verifying'],
  completed: ['pending', 'synthesizing', 'deploying', 'verifying', 'completed'],
  failed: ['pending', 'synthesizing', 'deploying', 'failed'],
  rolled_back: ['pending', 'synthesizing', 'deploying', 'failed', 'rolled_back'],
};

function at(second: number): string {
  return new Date(Date.UTC(2025, 0, 31, 10, 0, second)).toISOString();
}

function stack(
  name: string,
  status: StackRecord['status'],
  outputs: Record<string, string>,
): StackRecord {
  return {
    id: `00000000-0000-4000-8000-00000000000${name.length}`,
    name,
    deployment_id: '11111111-1111-4111-8111-111111111111',
    status,
    template_path: `/cdk.out/${name}.template.json`,
    outputs,
    dependencies: [],
    error_message: status === 'failed' ? 'Resource handler returned message: boom' : null,
    artifact_id: name,
    environment: 'aws://123456789012/eu-west-1',
    stack_arn: null,
    cloudformation_status: status === 'deployed' ? 'CREATE_COMPLETE' : null,
    no_op: false,
    change_set_arn: null,
    changes: 2,
    start_time: at(2),
    end_time: at(20),
    status_history: [],
    previous_state: null,
    rollback: null,
  };
}

function record(status: DeploymentStatus): DeploymentRecordFile {
  const path = PATHS[status];
  const failed = path.includes('failed');
  const done = ['completed', 'failed', 'rolled_back'].includes(status);
  return {
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status,
      start_time: at(0),
      end_time: done ? at(30) : null,
      environment: 'staging',
      stacks_order: ['Network', 'Api'],
      logs: [],
      rollback_reason: failed ? 'Stack Api failed: boom' : null,
      mode: 'deploy',
      status_history: path.map((s, i) => ({ status: s, at: at(i * 5) })),
      checks: [],
      rollback:
        status === 'rolled_back'
          ? { outcome: 'rolled_back', message: 'Every stack was put back.' }
          : null,
    },
    stacks: [
      stack('Network', status === 'pending' ? 'pending' : 'deployed', { VpcId: 'vpc-1' }),
      stack('Api', failed ? 'failed' : 'deployed', { Url: 'https://api.example.com/' }),
    ],
    resources: [],
  };
}

let fake: FakeGitHubApi;

function api(baseUrl = fake.url): GitHubApi {
  return new GitHubApi({ baseUrl, token: TOKEN, sleep: async () => undefined, random: () => 0 });
}

function commenter(client = api()): PullRequestCommenter {
  return new PullRequestCommenter({
    api: client,
    pullRequest: { ...REPO, number: PR },
    environment: 'staging',
  });
}

function body(status: DeploymentStatus): string {
  return renderPullRequestComment(record(status), { runUrl: RUN_URL, sha: 'abc1234def5678' });
}

function eventFile(payload: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'github-event-'));
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

const filler = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `comment ${from + i}`);

describe('pull-request comment', () => {
  beforeEach(async () => {
    fake = await new FakeGitHubApi().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('is created once, updated at each phase, and found again on page 2 of 3 by a later run', async () => {
    fake.seedComments(PR, filler(150));
    const first = commenter();

    const created = await first.upsert(body('deploying'));
    expect(created).toMatchObject({ action: 'created' });
    const commentId = created.action === 'created' ? created.commentId : -1;
    expect(await first.upsert(body('verifying'))).toMatchObject({ action: 'updated', commentId });
    expect(await first.upsert(body('completed'))).toMatchObject({ action: 'updated', commentId });

    expect(fake.log).toEqual([
      `GET ${COMMENTS_PATH}?per_page=100`,
      `GET ${COMMENTS_PATH}?per_page=100&page=2`,
      `POST ${COMMENTS_PATH}`,
      `PATCH /repos/acme/infra/issues/comments/${commentId}`,
      `PATCH /repos/acme/infra/issues/comments/${commentId}`,
    ]);
    const post = fake.requests[2]!;
    expect(post.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'cdk-deploy-action',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(post.body).toEqual({ body: body('deploying') });
    expect((fake.requests[4]!.body as { body: string }).body).toBe(body('completed'));

    // Others comment; the next run (a new process) looks the comment up again.
    fake.seedComments(PR, filler(100, 150));
    expect(fake.comments.get(PR)).toHaveLength(251);
    fake.clearRequests();
    const second = commenter();
    expect(await second.upsert(body('rolled_back'))).toMatchObject({
      action: 'updated',
      commentId,
    });
    expect(fake.log).toEqual([
      `GET ${COMMENTS_PATH}?per_page=100`,
      `GET ${COMMENTS_PATH}?per_page=100&page=2`,
      `PATCH /repos/acme/infra/issues/comments/${commentId}`,
    ]);
    const ours = fake.comments.get(PR)!.filter((c) => c.body.startsWith(commentMarker('staging')));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toBe(body('rolled_back'));
  });

  it('follows every page when the comment is not there, and keeps environments apart', async () => {
    fake.seedComments(PR, filler(250));
    fake.seedComments(
      PR,
      [`${commentMarker('staging-eu')}\nother environment`],
      'github-actions[bot]',
    );
    const result = await commenter().upsert(body('completed'));
    expect(result).toMatchObject({ action: 'created' });
    expect(fake.log).toEqual([
      `GET ${COMMENTS_PATH}?per_page=100`,
      `GET ${COMMENTS_PATH}?per_page=100&page=2`,
      `GET ${COMMENTS_PATH}?per_page=100&page=3`,
      `POST ${COMMENTS_PATH}`,
    ]);
  });

  it('answers a 403 with a skipped result and stops calling the API', async () => {
    fake.fail('GET', /\/issues\/\d+\/comments$/, 403);
    const client = commenter();
    const result = await client.upsert(body('deploying'));
    expect(result).toEqual({
      action: 'skipped',
      status: 403,
      reason: expect.stringMatching(
        /Cannot comment on pull request #7 of acme\/infra: GitHub API GET .* answered 403: Resource not accessible by integration\. Give the job 'pull-requests: write'/,
      ) as unknown,
    });
    expect(await client.upsert(body('completed'))).toMatchObject({
      action: 'skipped',
      repeated: true,
    });
    expect(fake.log).toEqual([`GET ${COMMENTS_PATH}?per_page=100`]);
  });

  it('answers a 404 on creation as skipped too', async () => {
    fake.fail('POST', /\/comments$/, 404, { message: 'Not Found' });
    const result = await commenter().upsert(body('deploying'));
    expect(result).toMatchObject({ action: 'skipped', status: 404 });
  });

  it('creates a new comment when the one it made was deleted', async () => {
    const client = commenter();
    const created = await client.upsert(body('deploying'));
    fake.comments.set(PR, []);
    const again = await client.upsert(body('completed'));
    expect(again.action).toBe('created');
    expect(created.action === 'created' && again.action === 'created' && again.commentId).not.toBe(
      created.action === 'created' && created.commentId,
    );
  });

  it('retries a 502 and a 429 with Retry-After, then succeeds', async () => {
    fake.fail('GET', /\/comments$/, 502, { times: 1 });
    fake.fail('POST', /\/comments$/, 429, { times: 1, headers: { 'retry-after': '1' } });
    const waits: number[] = [];
    const client = new GitHubApi({
      baseUrl: fake.url,
      token: TOKEN,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    });
    expect(await commenter(client).upsert(body('deploying'))).toMatchObject({ action: 'created' });
    expect(fake.log).toEqual([
      `GET ${COMMENTS_PATH}?per_page=100`,
      `GET ${COMMENTS_PATH}?per_page=100`,
      `POST ${COMMENTS_PATH}`,
      `POST ${COMMENTS_PATH}`,
    ]);
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up after the bounded retries and reports what happened', async () => {
    fake.fail('GET', /\/comments$/, 503);
    const result = await commenter().upsert(body('deploying'));
    expect(result).toMatchObject({ action: 'skipped', status: 503 });
    expect(fake.log).toHaveLength(4);
  });

  it('skips outside a pull request, without calling the API', async () => {
    const context = readGitHubContext({
      GITHUB_EVENT_PATH: eventFile({
        ref: 'refs/heads/main',
        repository: { full_name: 'acme/infra' },
      }),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REPOSITORY: 'acme/infra',
    });
    const client = new PullRequestCommenter({
      api: api(),
      pullRequest: context.pullRequest,
      environment: 'staging',
      notPullRequestReason: context.notPullRequestReason,
    });
    expect(await client.upsert(body('completed'))).toEqual({
      action: 'skipped',
      reason: "Not commenting: the 'push' event is not about a pull request.",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('GitHub deployment', () => {
  beforeEach(async () => {
    fake = await new FakeGitHubApi().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  function reporter(): DeploymentStatusReporter {
    return new DeploymentStatusReporter({
      api: api(),
      repository: REPO,
      environment: 'staging',
      ref: 'feature/x',
      logUrl: RUN_URL,
      environmentUrl: { fromOutput: 'Api.Url' },
    });
  }

  it('is created once, then follows the lifecycle to success with the URL from a stack output', async () => {
    const deployments = reporter();
    const phases: DeploymentStatus[] = [
      'synthesizing',
      'deploying',
      'deploying',
      'verifying',
      'completed',
    ];
    const results = [];
    for (const phase of phases) results.push(await deployments.report(record(phase)));

    const id = fake.deployments[0]!.id;
    expect(results.map((r) => r.action)).toEqual([
      'reported',
      'reported',
      'unchanged',
      'reported',
      'reported',
    ]);
    expect(results[0]).toMatchObject({ created: true, deploymentId: id });
    expect(results[4]).toMatchObject({
      state: 'success',
      environmentUrl: 'https://api.example.com/',
    });
    expect(fake.log).toEqual([
      'POST /repos/acme/infra/deployments',
      `POST /repos/acme/infra/deployments/${id}/statuses`,
      `POST /repos/acme/infra/deployments/${id}/statuses`,
      `POST /repos/acme/infra/deployments/${id}/statuses`,
      `POST /repos/acme/infra/deployments/${id}/statuses`,
    ]);
    expect(fake.requests[0]!.body).toEqual({
      ref: 'feature/x',
      environment: 'staging',
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      description: 'CDK deployment to staging',
      payload: { 'cdk-deploy-action': { deployment_id: '11111111-1111-4111-8111-111111111111' } },
    });
    expect(fake.deployments[0]!.statuses).toEqual([
      {
        id: expect.any(Number) as unknown,
        state: 'in_progress',
        description: 'Synthesizing the CDK app',
        environment: 'staging',
        log_url: RUN_URL,
      },
      {
        id: expect.any(Number) as unknown,
        state: 'in_progress',
        description: 'Deploying 2 stacks',
        environment: 'staging',
        log_url: RUN_URL,
      },
      {
        id: expect.any(Number) as unknown,
        state: 'in_progress',
        description: 'Verifying 2 stacks',
        environment: 'staging',
        log_url: RUN_URL,
      },
      {
        id: expect.any(Number) as unknown,
        state: 'success',
        description: 'Deployed 2 stacks',
        environment: 'staging',
        log_url: RUN_URL,
        environment_url: 'https://api.example.com/',
      },
    ]);
  });

  it('reports failure, then failure "Rolled back", for a rolled-back run', async () => {
    const deployments = reporter();
    for (const phase of ['synthesizing', 'deploying', 'failed', 'rolled_back'] as const) {
      await deployments.report(record(phase));
    }
    expect(fake.deployments).toHaveLength(1);
    expect(
      fake.deployments[0]!.statuses.map((s) => [s.state, s.description, s.environment_url]),
    ).toEqual([
      ['in_progress', 'Synthesizing the CDK app', undefined],
      ['in_progress', 'Deploying 2 stacks', undefined],
      ['failure', 'Failed: Stack Api failed: boom', undefined],
      ['failure', 'Rolled back: Stack Api failed: boom', undefined],
    ]);
  });

  it('answers a 403 with a skipped result and stops calling the API', async () => {
    fake.fail('POST', /\/deployments$/, 403);
    const deployments = reporter();
    expect(await deployments.report(record('synthesizing'))).toMatchObject({
      action: 'skipped',
      status: 403,
      reason: expect.stringContaining("Give the job 'deployments: write'") as unknown,
    });
    expect(await deployments.report(record('completed'))).toMatchObject({
      action: 'skipped',
      repeated: true,
    });
    expect(fake.log).toEqual(['POST /repos/acme/infra/deployments']);
  });

  it('retries a 500 on a status, once', async () => {
    fake.fail('POST', /\/statuses$/, 500, { times: 1 });
    const result = await reporter().report(record('deploying'));
    expect(result).toMatchObject({ action: 'reported', state: 'in_progress' });
    expect(fake.log.filter((l) => l.endsWith('/statuses'))).toHaveLength(2);
    expect(fake.deployments[0]!.statuses).toHaveLength(1);
  });
});

describe('GitHub Enterprise Server base URL with a path prefix', () => {
  beforeEach(async () => {
    fake = await new FakeGitHubApi('/api/v3').start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('sends every request under /api/v3 and follows its Link headers there', async () => {
    fake.seedComments(PR, filler(120));
    const env = {
      GITHUB_API_URL: fake.url,
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_RUN_ID: '42',
      GITHUB_SHA: 'merge0000000000000000000000000000000000',
      GITHUB_HEAD_REF: 'feature/x',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile({
        pull_request: { number: PR, head: { sha: 'head1111111111111111111111111111111111111' } },
      }),
    };
    const {
      commenter: comments,
      deployments,
      context,
    } = gitHubReporters({
      token: TOKEN,
      environment: 'staging',
      env,
      environmentUrl: { url: 'https://staging.example.com' },
      api: { sleep: async () => undefined },
    });
    expect(context.runUrl).toBe('https://ghe.example.com/acme/infra/actions/runs/42');

    expect(await comments.upsert(body('deploying'))).toMatchObject({ action: 'created' });
    expect(await deployments.report(record('completed'))).toMatchObject({
      action: 'reported',
      environmentUrl: 'https://staging.example.com',
    });

    expect(fake.requests.map((r) => `${r.method} ${r.rawPath}`)).toEqual([
      `GET /api/v3${COMMENTS_PATH}`,
      `GET /api/v3${COMMENTS_PATH}`,
      `POST /api/v3${COMMENTS_PATH}`,
      'POST /api/v3/repos/acme/infra/deployments',
      `POST /api/v3/repos/acme/infra/deployments/${fake.deployments[0]!.id}/statuses`,
    ]);
    expect(fake.requests[1]!.query).toEqual({ per_page: '100', page: '2' });
    // The deployment is of the pull request's head commit, not of the test merge commit.
    expect(fake.deployments[0]!.ref).toBe('head1111111111111111111111111111111111111');
    expect(fake.deployments[0]!.statuses[0]).toMatchObject({
      state: 'success',
      log_url: 'https://ghe.example.com/acme/infra/actions/runs/42',
      environment_url: 'https://staging.example.com',
    });
  });

  it('does not follow a Link header to another host', async () => {
    const calls: string[] = [];
    const client = new GitHubApi({
      baseUrl: `${fake.url}/`,
      token: TOKEN,
      fetch: async (url) => {
        calls.push(url);
        return new Response('[]', {
          status: 200,
          headers: { link: '<https://evil.example.com/steal?page=2>; rel="next"' },
        });
      },
    });
    for await (const page of client.pages('/repos/acme/infra/issues/1/comments')) {
      expect(page).toEqual([]);
    }
    expect(calls).toEqual([`${fake.url}/repos/acme/infra/issues/1/comments?per_page=100`]);
  });
});
