import { gitHubApiFromEnv } from '../report/github/api.js';
import { readGitHubContext } from '../report/github/context.js';
import type { Settings } from '../settings/settings.js';
import { findReviewedPlan, type ReviewedPlan } from './reviewed-plan.js';

/** The lookup of `expected-plan: pull-request` for this run, on the runner's GitHub API; none without a token. */
export function reviewedPlanFinder(
  settings: Settings,
  env: NodeJS.ProcessEnv,
): (() => Promise<ReviewedPlan>) | undefined {
  const token = settings.githubToken;
  if (settings.expectedPlan?.kind !== 'pull-request' || !token) return undefined;
  return () => {
    const context = readGitHubContext(env);
    return findReviewedPlan({
      api: gitHubApiFromEnv(token, env),
      repository: context.repository,
      sha: context.sha,
      environment: settings.environment,
    });
  };
}
