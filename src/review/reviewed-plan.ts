/**
 * `expected-plan: pull-request`: the plan reviewed on the pull request this commit merged, read
 * from the action's plan comment for the same environment. Fails closed: no merged pull request,
 * no plan comment, or a comment without a complete plan is an error naming the input.
 */
import { ReviewError } from './review-error.js';
import { GitHubApiError, type GitHubApi } from '../report/github/api.js';
import type { Repository } from '../report/github/context.js';
import { commentMarker } from '../report/summary/pull-request-comment.js';
import { readPlanMarker, type PlanMarker } from '../report/summary/review/plan-marker.js';

export interface ReviewedPlan extends PlanMarker {
  /** Where it was found, for the log: the comment's URL or the pull request. */
  readonly source: string;
}

interface PullRequestJson {
  readonly number: number;
  readonly merged_at?: string | null;
  readonly merge_commit_sha?: string | null;
  readonly html_url?: string;
}

interface CommentJson {
  readonly body?: string | null;
  readonly html_url?: string;
  readonly user?: { readonly login?: string; readonly type?: string } | null;
}

export interface ReviewedPlanRequest {
  readonly api: GitHubApi;
  readonly repository: Repository | null;
  /** The commit being deployed (`GITHUB_SHA` of the push). */
  readonly sha: string | null;
  readonly environment: string;
}

const INPUT = "expected-plan is 'pull-request'";

function refuse(message: string): never {
  throw new ReviewError(
    `${INPUT}, but ${message}. Nothing was deployed. Deploy from a push that merges a reviewed pull request, or give expected-plan the plan id of the reviewed plan.`,
  );
}

/** The merged pull request whose merge (or squash, or rebase) commit is `sha`. */
async function mergedPullRequest(request: ReviewedPlanRequest): Promise<PullRequestJson> {
  const { api, repository, sha } = request;
  if (!repository || !sha) refuse('GITHUB_REPOSITORY or GITHUB_SHA is not set');
  const answer = await api.request<PullRequestJson[]>(
    'GET',
    `/repos/${repository.owner}/${repository.repo}/commits/${sha}/pulls`,
    { query: { per_page: 100 } },
  );
  const merged = (Array.isArray(answer.data) ? answer.data : []).filter((pr) => pr.merged_at);
  const exact = merged.find((pr) => pr.merge_commit_sha === sha);
  const found = exact ?? (merged.length === 1 ? merged[0] : undefined);
  if (!found) {
    refuse(
      merged.length === 0
        ? `commit ${sha.slice(0, 12)} is not the merge of a pull request`
        : `commit ${sha.slice(0, 12)} is in ${merged.length} merged pull requests (#${merged.map((p) => p.number).join(', #')}) and is the merge commit of none`,
    );
  }
  return found;
}

/**
 * The action's comment is the first one that starts with the environment's marker and was written
 * by a bot (the action writes it with the workflow's token): a person cannot pass off a plan id.
 */
async function planComment(
  request: ReviewedPlanRequest,
  repository: Repository,
  pr: PullRequestJson,
): Promise<CommentJson | null> {
  const marker = commentMarker(request.environment);
  const pages = request.api.pages<CommentJson>(
    `/repos/${repository.owner}/${repository.repo}/issues/${pr.number}/comments`,
  );
  for await (const page of pages) {
    const ours = page.find(
      (c) => (c.body ?? '').trimStart().startsWith(marker) && c.user?.type === 'Bot',
    );
    if (ours) return ours;
  }
  return null;
}

export async function findReviewedPlan(request: ReviewedPlanRequest): Promise<ReviewedPlan> {
  try {
    return await findOrRefuse(request);
  } catch (error) {
    if (error instanceof GitHubApiError) {
      const hint = error.isPermission
        ? ' (the token needs contents: read and pull-requests: read)'
        : '';
      refuse(`the pull request could not be read: ${error.message}${hint}`);
    }
    throw error;
  }
}

async function findOrRefuse(request: ReviewedPlanRequest): Promise<ReviewedPlan> {
  const pr = await mergedPullRequest(request);
  const repository = request.repository as Repository;
  const comment = await planComment(request, repository, pr);
  const where = `pull request #${pr.number}`;
  if (!comment) {
    refuse(
      `${where} has no plan comment of this action for environment '${request.environment}' (was it planned with mode: plan and comment-on-pr?)`,
    );
  }
  const marker = readPlanMarker(comment.body ?? '');
  if (!marker) refuse(`the plan comment on ${where} holds no plan id`);
  if (!marker.complete) {
    refuse(`the plan comment on ${where} shows a plan that did not finish (every stack planned)`);
  }
  return { ...marker, source: comment.html_url ?? where };
}
