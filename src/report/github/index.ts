export {
  DEFAULT_TIMEOUT_MS,
  GitHubApi,
  GitHubApiError,
  gitHubApiFromEnv,
  nextLink,
} from './api.js';
export type { FetchLike, GitHubApiOptions, GitHubResponse, Query, RequestOptions } from './api.js';
export { CommitStatusReporter, planStatusContext, planStatusDescription } from './commit-status.js';
export type { CommitStatusReporterOptions, CommitStatusResult } from './commit-status.js';
export { deploymentRef, readGitHubContext, runUrl } from './context.js';
export type { GitHubContext, PullRequestTarget, Repository } from './context.js';
export {
  DeploymentStatusReporter,
  gitHubDeploymentState,
  resolveEnvironmentUrl,
  statusDescription,
} from './deployment-status.js';
export type {
  DeploymentReportResult,
  DeploymentStatusReporterOptions,
  EnvironmentUrl,
  EnvironmentUrlSpec,
  GitHubDeploymentState,
} from './deployment-status.js';
export { PullRequestCommenter } from './pull-request-commenter.js';
export type { CommentResult, PullRequestCommenterOptions } from './pull-request-commenter.js';
export { gitHubReporters } from './reporters.js';
export type { GitHubReporters, GitHubReportersOptions } from './reporters.js';
export { commitStatusState } from './status-words.js';
export type { CommitStatusState } from './status-words.js';
