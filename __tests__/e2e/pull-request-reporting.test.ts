import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../scripts/lib/run-action.js';
import { useEmulator } from '../support/emulator.js';
import { FakeGitHubApi } from '../support/fake-github-api.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');
let github: FakeGitHubApi;

beforeAll(async () => {
  github = await new FakeGitHubApi().start();
});
afterAll(async () => {
  await github?.stop();
});

const pullRequestEvent = {
  action: 'synchronize',
  number: 7,
  pull_request: { number: 7, head: { sha: 'a'.repeat(40), ref: 'feature' } },
  repository: { name: 'octo-app', owner: { login: 'octo-org' } },
};

describe('a pull-request run through the runner protocol, with a local GitHub API', () => {
  it('creates one comment, updates it on the next run, and follows the run with deployment statuses', async () => {
    await account.emulator.reset();
    const assembly = await synthFixture('multi-stack');
    const run = () =>
      runAction({
        inputs: {
          'synth-command': '',
          'cloud-assembly': assembly,
          environment: 'staging',
          'environment-url-output': 'Alpha.QueueUrl',
          'github-token': 'test-token',
        },
        env: { ...account.emulator.env('us-east-1'), GITHUB_API_URL: github.url },
        eventName: 'pull_request',
        event: pullRequestEvent,
      });
    const first = await run();
    expect(first.outputs.status, first.stdout.slice(-2000)).toBe('completed');
    const second = await run();
    expect(second.outputs.status).toBe('completed');

    const comments = github.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('<!-- cdk-deploy-action:environment=staging -->');
    expect(comments[0]?.body).toContain('Alpha');
    const writes = github.log.filter((line) => !line.startsWith('GET'));
    expect(
      writes.filter((l) => l.startsWith('POST /repos/octo-org/octo-app/issues/7/comments')),
    ).toHaveLength(1);
    expect(
      writes.filter((l) => l.startsWith('PATCH /repos/octo-org/octo-app/issues/comments/')).length,
    ).toBeGreaterThan(1);

    expect(github.deployments).toHaveLength(2);
    const states = github.deployments[0]?.statuses.map((s) => s.state);
    expect(states?.[0]).toBe('in_progress');
    expect(states?.at(-1)).toBe('success');
    const success = github.deployments[0]?.statuses.at(-1);
    expect(String(success?.environment_url)).toContain('Alpha-Queue');
    expect(first.summary).toContain('| Stack |');
    expect(first.summary).toMatch(/Alpha[\s\S]*Bravo[\s\S]*Charlie/);
    expect(JSON.stringify(github.requests.map((r) => r.headers.authorization))).toContain(
      'Bearer ',
    );
  });
});
