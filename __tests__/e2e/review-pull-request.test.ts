/**
 * The review workflow through the bundle and the runner protocol, with a local GitHub API: v1
 * deployed; a plan of v2 on a pull_request event comments the diff, the security table and the
 * plan id; the push that merges it deploys bound to that comment (`expected-plan: pull-request`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import { runAction } from '../../scripts/lib/run-action.js';
import { dockerStandInState } from '../support/docker-stand-in.js';
import { readPlanMarker } from '../../src/report/summary/review/plan-marker.js';
import { useEmulator } from '../support/emulator.js';
import { FakeGitHubApi } from '../support/fake-github-api.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');
let github: FakeGitHubApi;

beforeAll(async () => {
  github = await new FakeGitHubApi().start();
});
const standIn = dockerStandInState();
afterAll(async () => {
  await github?.stop();
  standIn.remove();
});

const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);

const pullRequestEvent = {
  action: 'synchronize',
  number: 7,
  pull_request: { number: 7, head: { sha: HEAD, ref: 'grant-read' } },
  repository: { name: 'octo-app', owner: { login: 'octo-org' } },
};

function action(
  assembly: string,
  inputs: Record<string, string>,
  event: 'push' | 'pull_request',
  sha: string,
) {
  return runAction({
    inputs: {
      'synth-command': '',
      'cloud-assembly': assembly,
      environment: 'prod',
      'github-token': 'test-token',
      'github-deployment': 'false',
      ...inputs,
    },
    env: { ...account.emulator.env('us-east-1'), GITHUB_API_URL: github.url, GITHUB_SHA: sha },
    eventName: event,
    event: event === 'pull_request' ? pullRequestEvent : { after: sha },
  });
}

describe('reviewing a change on the pull request, deploying exactly it on merge', () => {
  it('comments the diff, the security table and the plan id, and deploys bound to it', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('review', { APP_VARIANT: 'v1' });
    const v2 = await synthFixture('review', { APP_VARIANT: 'v2' });
    const first = await action(v1, {}, 'push', 'c'.repeat(40));
    expect(first.outputs.status, first.stdout.slice(-2000)).toBe('completed');
    expect(first.outputs['plan-id']).toMatch(/^plan-v1:[0-9a-f]{64}$/);
    expect(first.summary).toContain('Resource changes');

    const plan = await action(
      v2,
      { mode: 'plan', 'require-approval': 'broadening' },
      'pull_request',
      HEAD,
    );
    expect(plan.outputs.status, plan.stdout.slice(-2000)).toBe('completed');
    expect(plan.outputs['approval-required']).toBe('true');
    const planId = plan.outputs['plan-id'] ?? '';
    expect(planId).toMatch(/^plan-v1:[0-9a-f]{64}$/);
    const body = github.comments.get(7)?.[0]?.body ?? '';
    expect(body).toContain(`**Plan id:** \`${planId}\``);
    expect(body).toContain('IAM statement changes');
    expect(body).toMatch(
      /\| ➕ added \| `ReviewApp` \| Allow \| `dynamodb:BatchGetItem`<br>.*`dynamodb:GetItem`/,
    );
    expect(body).toMatch(
      /\| ➕ add \| `ReaderServiceRoleDefaultPolicy[0-9A-F]+` \| `AWS::IAM::Policy` \|/,
    );
    expect(body).toContain('⚠️ **Approval required**');
    expect(readPlanMarker(body)).toMatchObject({ planId, complete: true });
    expect(plan.summary).toContain('### Security changes');

    // Without a merged pull request for the commit, the bound deploy refuses and deploys nothing.
    const unbound = await action(v2, { 'expected-plan': 'pull-request' }, 'push', MERGE);
    expect(unbound.outputs.status).toBe('failed');
    expect(unbound.outputs['rollback-reason']).toContain('is not the merge of a pull request');

    github.commitPulls.set(MERGE, [
      { number: 7, merged_at: '2026-12-02T12:00:00Z', merge_commit_sha: MERGE },
    ]);
    const deploy = await action(v2, { 'expected-plan': 'pull-request' }, 'push', MERGE);
    expect(deploy.outputs.status, deploy.stdout.slice(-2000)).toBe('completed');
    expect(deploy.outputs['plan-id']).toBe(planId);
    expect(deploy.summary).toContain('dynamodb:GetItem');
  }, 180_000);

  it("diffs the stacks a deploy changed after images were published (the publisher's __dirname apart)", async () => {
    await account.emulator.reset();
    const assembly = await synthFixture('images');
    const result = await runAction({
      inputs: { 'synth-command': '', 'cloud-assembly': assembly, 'comment-on-pr': 'false' },
      env: { ...account.emulator.env('us-east-1'), ...standIn.pathEnv() },
    });
    expect(result.outputs.status, result.stdout.slice(-2000)).toBe('completed');
    const written = JSON.parse(
      readFileSync(result.outputs['record-file'] ?? '', 'utf8'),
    ) as DeploymentRecordFile;
    for (const stack of written.stacks) expect(stack.resource_changes?.length).toBeGreaterThan(0);
    expect(result.summary).toContain('Resource changes');
    expect(result.stdout).not.toContain('No diff for the summary');
  }, 180_000);
});
