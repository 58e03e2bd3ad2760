/**
 * `expected-plan: pull-request` against a local fake of the GitHub REST API: the pull request a
 * commit merged, its plan comment for the environment, and every way it fails closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApi } from '../../src/report/github/api.js';
import { commentMarker } from '../../src/report/summary/pull-request-comment.js';
import { planMarker } from '../../src/report/summary/review/plan-marker.js';
import { ReviewError } from '../../src/review/review-error.js';
import { findReviewedPlan } from '../../src/review/reviewed-plan.js';
import { FakeGitHubApi } from '../support/fake-github-api.js';

const SHA = 'a'.repeat(40);
const PLAN_ID = `plan-v1:${'1'.repeat(64)}`;
const STACKS = { Api: `sha256:${'2'.repeat(64)}` };
const BOT = 'github-actions[bot]';

let fake: FakeGitHubApi;
beforeEach(async () => {
  fake = await new FakeGitHubApi().start();
});
afterEach(() => fake.stop());

function planComment(environment: string, complete = true, planId = PLAN_ID): string {
  return `${commentMarker(environment)}\n### Plan\n\n${planMarker({ planId, stacks: STACKS, complete })}\n**Plan id:** \`${planId}\`\n`;
}

function lookup(environment = 'prod') {
  return findReviewedPlan({
    api: new GitHubApi({ baseUrl: fake.url, token: 'test-token', sleep: async () => undefined }),
    repository: { owner: 'acme', repo: 'infra' },
    sha: SHA,
    environment,
  });
}

async function refusal(environment = 'prod'): Promise<string> {
  const error = await lookup(environment).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewError);
  const message = (error as ReviewError).message;
  expect(message).toContain("expected-plan is 'pull-request'");
  expect(message).toContain('Nothing was deployed');
  return message;
}

describe("the plan reviewed on the merged pull request's comment", () => {
  it("is read from the action's comment for the same environment, over every page", async () => {
    fake.commitPulls.set(SHA, [
      { number: 3, merged_at: '2026-12-01T10:00:00Z', merge_commit_sha: 'b'.repeat(40) },
      { number: 7, merged_at: '2026-12-02T10:00:00Z', merge_commit_sha: SHA },
    ]);
    fake.seedComments(
      7,
      Array.from({ length: 120 }, (_, i) => `chatter ${i}`),
    );
    fake.seedComments(7, [planComment('staging', true, `plan-v1:${'9'.repeat(64)}`)], BOT);
    fake.seedComments(7, [planComment('prod')], BOT);
    const found = await lookup();
    expect(found).toMatchObject({ planId: PLAN_ID, stacks: STACKS, complete: true });
    expect(found.source).toMatch(/^https:\/\/github\.example\/o\/r\/pull\/7#issuecomment-/);
    expect(fake.log).toEqual([
      `GET /repos/acme/infra/commits/${SHA}/pulls?per_page=100`,
      'GET /repos/acme/infra/issues/7/comments?per_page=100',
      'GET /repos/acme/infra/issues/7/comments?per_page=100&page=2',
    ]);
  });

  it('ignores a plan comment that a person wrote: only the bot that plans can set the plan id', async () => {
    fake.commitPulls.set(SHA, [
      { number: 7, merged_at: '2026-12-02T10:00:00Z', merge_commit_sha: SHA },
    ]);
    fake.seedComments(7, [planComment('prod', true, `plan-v1:${'6'.repeat(64)}`)], 'mallory');
    expect(await refusal()).toContain("has no plan comment of this action for environment 'prod'");
    fake.seedComments(7, [planComment('prod')], BOT);
    expect((await lookup()).planId).toBe(PLAN_ID);
  });

  it('fails closed when the commit merged no pull request', async () => {
    expect(await refusal()).toContain(
      `commit ${SHA.slice(0, 12)} is not the merge of a pull request`,
    );
    fake.commitPulls.set(SHA, [{ number: 7, merged_at: null, merge_commit_sha: null }]);
    expect(await refusal()).toContain('is not the merge of a pull request');
  });

  it('fails closed without a plan comment for the environment, or with an unfinished plan', async () => {
    fake.commitPulls.set(SHA, [
      { number: 7, merged_at: '2026-12-02T10:00:00Z', merge_commit_sha: SHA },
    ]);
    fake.seedComments(7, [planComment('staging')], BOT);
    expect(await refusal()).toContain('pull request #7 has no plan comment');
    expect((await lookup('staging')).planId).toBe(PLAN_ID);
    fake.seedComments(7, [`${commentMarker('prod')}\n### Deploy without a plan id\n`], BOT);
    expect(await refusal()).toContain('the plan comment on pull request #7 holds no plan id');
    fake.comments.set(7, [
      { id: 1, body: planComment('prod', false), user: { login: BOT, type: 'Bot' }, html_url: 'u' },
    ]);
    expect(await refusal()).toContain('shows a plan that did not finish');
  });

  it('fails closed, saying what the token needs, when GitHub refuses', async () => {
    fake.fail('GET', /\/commits\//, 403);
    const message = await refusal();
    expect(message).toContain('answered 403');
    expect(message).toContain('pull-requests: read');
  });
});
