/**
 * RunReporter against a local fake of the GitHub API: a plan is a commit status and a comment,
 * never a GitHub deployment; a destroy ends its deployment inactive; a GitHub that does not answer
 * holds nothing up and is called once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackRecord } from '../../src/model/stack.js';
import { at, change, plan, stack } from '../support/record-builders.js';
import type { DeploymentStatus } from '../../src/model/transitions.js';
import { RunReporter, type RunReporterOptions } from '../../src/report/run-reporter.js';
import { FakeGitHubApi, SilentGitHubApi } from '../support/fake-github-api.js';

const warnings = vi.hoisted(() => [] as string[]);

vi.mock('@actions/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@actions/core')>();
  return {
    ...actual,
    warning: (message: string | Error) => {
      warnings.push(String(message));
    },
    info: () => undefined,
    error: () => undefined,
    notice: () => undefined,
  };
});

const SHA = 'a'.repeat(40);
const RUN_URL = 'https://github.com/acme/infra/actions/runs/42';

function record(
  mode: string,
  status: DeploymentStatus,
  stacks: StackRecord[],
): DeploymentRecordFile {
  const done = ['completed', 'failed', 'rolled_back'].includes(status);
  return {
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status,
      start_time: at(0),
      end_time: done ? at(60) : null,
      environment: 'staging',
      stacks_order: stacks.map((s) => s.name),
      logs: [],
      rollback_reason: null,
      mode,
      status_history: [{ status, at: at(1) }],
      checks: [],
      rollback: null,
    },
    stacks,
    resources: [],
  };
}

function planStacks(): StackRecord[] {
  return [
    stack('Network', { no_op: true, plan: plan({ outcome: 'no-changes', source: 'unchanged' }) }),
    stack('Api', {
      plan: plan({
        additions: [change('Fn', 'AWS::Lambda::Function'), change('Role', 'AWS::IAM::Role')],
        modifications: [change('Queue', 'AWS::SQS::Queue')],
      }),
    }),
  ];
}

function eventFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'github-event-'));
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify({ pull_request: { number: 7, head: { sha: SHA } } }));
  return file;
}

function reporter(apiUrl: string, options: Partial<RunReporterOptions> = {}): RunReporter {
  return new RunReporter({
    token: 'test-token',
    environment: 'staging',
    commentOnPr: true,
    githubDeployment: true,
    environmentUrl: null,
    environmentUrlOutput: null,
    env: {
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_RUN_ID: '42',
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(),
    },
    ...options,
  });
}

beforeEach(() => {
  warnings.length = 0;
});

describe('RunReporter and the kind of run', () => {
  let fake: FakeGitHubApi;
  beforeEach(async () => {
    fake = await new FakeGitHubApi().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('reports a plan as a commit status and a comment, never as a GitHub deployment', async () => {
    const run = reporter(fake.url);
    await run.progress(record('plan', 'deploying', planStacks()));
    await run.finish(record('plan', 'completed', planStacks()), '/tmp/record.json');

    expect(fake.deployments).toEqual([]);
    expect(fake.log.filter((line) => line.includes('/deployments'))).toEqual([]);
    expect(run.githubDeploymentId).toBeNull();
    expect(fake.commitStatuses).toEqual([
      {
        id: expect.any(Number) as unknown,
        sha: SHA,
        state: 'pending',
        description: 'Planning 2 stacks',
        context: 'cdk-deploy-action/plan (staging)',
        target_url: RUN_URL,
      },
      {
        id: expect.any(Number) as unknown,
        sha: SHA,
        state: 'success',
        description: '2 stacks planned: 1 with changes (3 resource changes)',
        context: 'cdk-deploy-action/plan (staging)',
        target_url: RUN_URL,
      },
    ]);
    const comments = fake.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('Plan for `staging`');
    expect(warnings).toEqual([]);
  });

  it("warns once, naming 'statuses: write', when the token may not set a commit status", async () => {
    fake.fail('POST', /\/statuses\//, 403);
    const run = reporter(fake.url, { commentOnPr: false });
    await run.progress(record('plan', 'deploying', planStacks()));
    await run.finish(record('plan', 'completed', planStacks()), '/tmp/record.json');
    expect(fake.log).toEqual([`POST /repos/acme/infra/statuses/${SHA}`]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Commit status skipped: .*answered 403.*'statuses: write'/);
  });

  it('reports a deployment as a GitHub deployment, without a commit status', async () => {
    const run = reporter(fake.url, { commentOnPr: false });
    await run.progress(record('deploy', 'deploying', [stack('Api')]));
    await run.finish(record('deploy', 'completed', [stack('Api')]), '/tmp/record.json');
    expect(fake.commitStatuses).toEqual([]);
    expect(fake.deployments).toHaveLength(1);
    expect(fake.deployments[0]!.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Deploying 1 stack'],
      ['success', 'Deployed 1 stack'],
    ]);
    expect(run.githubDeploymentId).toBe(fake.deployments[0]!.id);
  });

  it('ends a completed destroy inactive: the environment is gone', async () => {
    const gone = [stack('Api'), stack('Web', { no_op: true })];
    const run = reporter(fake.url, { commentOnPr: false });
    await run.progress(record('destroy', 'deploying', gone));
    await run.finish(record('destroy', 'completed', gone), '/tmp/record.json');
    expect(fake.deployments).toHaveLength(1);
    expect(fake.deployments[0]!.body.description).toBe('CDK destroy of staging');
    expect(fake.deployments[0]!.statuses.map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'Destroying 2 stacks'],
      ['inactive', 'Destroyed 2 stacks (1 already gone)'],
    ]);
  });

  it('sends only the latest of the records that queued up behind one in flight', async () => {
    const run = reporter(fake.url, { commentOnPr: false });
    const phases: DeploymentStatus[] = ['synthesizing', 'deploying', 'verifying'];
    for (const phase of phases) await run.progress(record('deploy', phase, [stack('Api')]));
    await run.finish(record('deploy', 'completed', [stack('Api')]), '/tmp/record.json');
    expect(fake.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(fake.deployments[0]!.statuses[0]!.description).toBe('Synthesizing the CDK app');
  });
});

describe('RunReporter and a GitHub that does not answer', () => {
  let silent: SilentGitHubApi;
  beforeEach(async () => {
    silent = await new SilentGitHubApi().start();
  });
  afterEach(async () => {
    await silent.stop();
  });

  it('holds nothing up, warns once naming the API, and calls it no more', async () => {
    const run = reporter(silent.url, { requestTimeoutMs: 300, finishTimeoutMs: 2_000 });
    const started = performance.now();
    await run.progress(record('deploy', 'synthesizing', [stack('Api')]));
    await run.progress(record('deploy', 'deploying', [stack('Api')]));
    expect(performance.now() - started).toBeLessThan(100);

    // The first call times out; the ones queued behind it are not sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await run.progress(record('deploy', 'verifying', [stack('Api')]));
    const finishing = performance.now();
    const summary = await run.finish(record('deploy', 'completed', [stack('Api')]), '/tmp/r.json');
    expect(performance.now() - finishing).toBeLessThan(100);
    expect(summary).toContain('Deployment to `staging` completed');

    expect(silent.requests).toEqual(['POST /repos/acme/infra/deployments']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`The GitHub API at ${silent.url} did not answer`);
    expect(warnings[0]).toContain('no answer within 0.3 s');
    expect(warnings[0]).toContain('Not calling GitHub again in this run');
  });

  it('ends finish within its bound while the first call still hangs', async () => {
    const run = reporter(silent.url, { requestTimeoutMs: 10_000, finishTimeoutMs: 400 });
    await run.progress(record('deploy', 'deploying', [stack('Api')]));
    const started = performance.now();
    await run.finish(record('deploy', 'completed', [stack('Api')]), '/tmp/r.json');
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(1_500);
    expect(silent.requests).toEqual(['POST /repos/acme/infra/deployments']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Reporting to GitHub \(http:\/\/127\.0\.0\.1:\d+\) did not finish within 0\.4 s/,
      ),
    ]);
  });

  it('does not retry a refused connection', async () => {
    const url = silent.url;
    await silent.stop();
    const run = reporter(url, { requestTimeoutMs: 2_000 });
    await run.progress(record('deploy', 'deploying', [stack('Api')]));
    const started = performance.now();
    await run.finish(record('deploy', 'completed', [stack('Api')]), '/tmp/r.json');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /did not answer: POST \/repos\/acme\/infra\/deployments got no answer \(fetch failed.*ECONNREFUSED/,
    );
  });
});
