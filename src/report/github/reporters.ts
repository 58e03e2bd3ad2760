/** Everything the action needs to report to GitHub, wired from the runner's environment. */
import { GitHubApi, type GitHubApiOptions } from './api.js';
import { CommitStatusReporter } from './commit-status.js';
import { readGitHubContext, type GitHubContext } from './context.js';
import { DeploymentStatusReporter, type EnvironmentUrlSpec } from './deployment-status.js';
import { PullRequestCommenter } from './pull-request-commenter.js';

export interface GitHubReportersOptions {
  readonly token: string;
  readonly environment: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly environmentUrl?: EnvironmentUrlSpec;
  readonly transientEnvironment?: boolean;
  readonly productionEnvironment?: boolean;
  /** Report to this GitHub deployment instead of creating one. */
  readonly existingDeploymentId?: number | null;
  /** Passed to the API client (fetch, retries, timeout, sleep...). */
  readonly api?: Omit<GitHubApiOptions, 'baseUrl' | 'token'>;
}

export interface GitHubReporters {
  readonly context: GitHubContext;
  readonly api: GitHubApi;
  readonly commenter: PullRequestCommenter;
  readonly deployments: DeploymentStatusReporter;
  /** A plan's commit status, where a deployment would be for a run that changes what is live. */
  readonly statuses: CommitStatusReporter;
}

export function gitHubReporters(options: GitHubReportersOptions): GitHubReporters {
  const context = readGitHubContext(options.env ?? process.env);
  const api = new GitHubApi({ ...options.api, baseUrl: context.apiUrl, token: options.token });
  return {
    context,
    api,
    commenter: new PullRequestCommenter({
      api,
      pullRequest: context.pullRequest,
      environment: options.environment,
      notPullRequestReason: context.notPullRequestReason,
    }),
    statuses: new CommitStatusReporter({
      api,
      repository: context.repository,
      sha: context.sha,
      environment: options.environment,
      targetUrl: context.runUrl,
    }),
    deployments: new DeploymentStatusReporter({
      api,
      repository: context.repository,
      environment: options.environment,
      ref: context.deploymentRef,
      logUrl: context.runUrl,
      existingDeploymentId: options.existingDeploymentId ?? null,
      ...(options.environmentUrl ? { environmentUrl: options.environmentUrl } : {}),
      ...(options.transientEnvironment !== undefined
        ? { transientEnvironment: options.transientEnvironment }
        : {}),
      ...(options.productionEnvironment !== undefined
        ? { productionEnvironment: options.productionEnvironment }
        : {}),
    }),
  };
}
