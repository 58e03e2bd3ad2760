/**
 * A plan's commit status: a plan changes nothing live, so it is no GitHub deployment (that would
 * mark the real one inactive); it is reported where a review belongs, as the status
 * `cdk-deploy-action/plan (<environment>)` of the commit planned: `pending` while it runs, then
 * `success` or `failure`, with the counts and a link to the run.
 *
 * Never throws: without permission (403/404) it answers `skipped`, naming `statuses: write`, and
 * stops calling the API.
 */
import type { DeploymentRecordFile } from '../../model/record.js';
import { GitHubApiError, type GitHubApi } from './api.js';
import type { Repository } from './context.js';
import {
  commitStatusState,
  planDoneText,
  statusDescription,
  type CommitStatusState,
} from './status-words.js';

export interface CommitStatusReporterOptions {
  readonly api: GitHubApi;
  readonly repository: Repository | null;
  /** The commit planned: the pull request's head commit, else `GITHUB_SHA`. */
  readonly sha: string | null;
  readonly environment: string;
  /** The workflow run. */
  readonly targetUrl?: string | null;
}

export type CommitStatusResult =
  | {
      readonly action: 'reported' | 'unchanged';
      readonly state: CommitStatusState;
      readonly context: string;
    }
  | {
      readonly action: 'skipped';
      readonly reason: string;
      readonly status?: number;
      readonly repeated?: boolean;
    };

/** `cdk-deploy-action/plan (staging)`: one status per environment on the commit. */
export function planStatusContext(environment: string): string {
  return `cdk-deploy-action/plan (${environment})`;
}

/** `Planning 2 stacks`, then `3 stacks planned: 2 with changes (7 resource changes), ...`. */
export function planStatusDescription(record: DeploymentRecordFile): string {
  return statusDescription(record, planDoneText);
}

export class CommitStatusReporter {
  readonly context: string;
  private last: string | null = null;
  private skipped: { reason: string; status?: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CommitStatusReporterOptions) {
    this.context = planStatusContext(options.environment);
  }

  /** Sets the status the record's state calls for; calls are serialized. */
  report(record: DeploymentRecordFile): Promise<CommitStatusResult> {
    const next = this.queue.then(() => this.reportNow(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reportNow(record: DeploymentRecordFile): Promise<CommitStatusResult> {
    if (this.skipped) return { action: 'skipped', ...this.skipped, repeated: true };
    const { repository, sha, api, targetUrl } = this.options;
    if (!repository) return this.skip('No commit status: GITHUB_REPOSITORY is not set.');
    if (!sha) return this.skip('No commit status: GITHUB_SHA is not set.');
    const state = commitStatusState(record.deployment.status);
    const description = planStatusDescription(record);
    const key = JSON.stringify([state, description]);
    if (key === this.last) return { action: 'unchanged', state, context: this.context };
    const where = `${repository.owner}/${repository.repo}`;
    try {
      await api.request('POST', `/repos/${where}/statuses/${sha}`, {
        body: {
          state,
          description,
          context: this.context,
          ...(targetUrl ? { target_url: targetUrl } : {}),
        },
      });
      this.last = key;
      return { action: 'reported', state, context: this.context };
    } catch (error) {
      if (error instanceof GitHubApiError && error.isPermission) {
        return this.skip(
          `No commit status for the plan in ${where}: ${error.message}. Give the job 'statuses: write'.`,
          error.status,
        );
      }
      return {
        action: 'skipped',
        reason: `Could not set the plan's commit status in ${where}: ${(error as Error).message}`,
        ...(error instanceof GitHubApiError ? { status: error.status } : {}),
      };
    }
  }

  private skip(reason: string, status?: number): CommitStatusResult {
    this.skipped = status === undefined ? { reason } : { reason, status };
    return { action: 'skipped', ...this.skipped };
  }
}
