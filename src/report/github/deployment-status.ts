/**
 * A GitHub deployment for the environment, created once, and its statuses following the run (the
 * states are in status-words.ts). Only a run that changes what is live is a deployment
 * (`ModeWords.isDeployment`): a plan is reported as a commit status instead.
 *
 * Never throws: without permission (403/404) it answers `skipped` and stops calling the API.
 */
import { modeWords } from '../../model/modes.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import { GitHubApiError, type GitHubApi } from './api.js';
import type { Repository } from './context.js';
import {
  resolveEnvironmentUrl,
  type EnvironmentUrl,
  type EnvironmentUrlSpec,
} from './environment-url.js';
import {
  clip,
  gitHubDeploymentState,
  statusDescription,
  type GitHubDeploymentState,
} from './status-words.js';

export { resolveEnvironmentUrl } from './environment-url.js';
export type { EnvironmentUrl, EnvironmentUrlSpec } from './environment-url.js';
export { gitHubDeploymentState, statusDescription } from './status-words.js';
export type { GitHubDeploymentState } from './status-words.js';

export interface DeploymentStatusReporterOptions {
  readonly api: GitHubApi;
  readonly repository: Repository | null;
  readonly environment: string;
  /** Commit SHA, branch or tag; see `deploymentRef` in context.ts. */
  readonly ref: string | null;
  /** The workflow run. */
  readonly logUrl?: string | null;
  /** A deployment created earlier (by the main step, for the post step): statuses go to it. */
  readonly existingDeploymentId?: number | null;
  readonly environmentUrl?: EnvironmentUrlSpec;
  /**
   * A per-pull-request preview environment that will go away. Not for shared environments such as
   * `staging`: GitHub would stop treating their deployments as lasting. Default false.
   */
  readonly transientEnvironment?: boolean;
  /** Left to GitHub's default (true for an environment named `production`) when not given. */
  readonly productionEnvironment?: boolean;
  readonly description?: string;
}

export type DeploymentReportResult =
  | {
      readonly action: 'reported';
      readonly deploymentId: number;
      readonly state: GitHubDeploymentState;
      /** The deployment was created by this call. */
      readonly created: boolean;
      readonly environmentUrl?: string;
      readonly warning?: string;
    }
  | {
      /** Same state and description as the last status: nothing sent. */
      readonly action: 'unchanged';
      readonly deploymentId: number;
      readonly state: GitHubDeploymentState;
    }
  | {
      readonly action: 'skipped';
      readonly reason: string;
      readonly status?: number;
      readonly repeated?: boolean;
    };

/** `CDK deployment to staging`, `CDK destroy of staging`. */
function defaultDescription(record: DeploymentRecordFile, environment: string): string {
  const words = modeWords(record.deployment.mode);
  return `CDK ${words.noun.toLowerCase()} ${words.preposition} ${environment}`;
}

interface CreatedDeployment {
  readonly id?: number;
  readonly message?: string;
}

export class DeploymentStatusReporter {
  private deploymentId: number | null = null;
  private last: string | null = null;
  private skipped: { reason: string; status?: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeploymentStatusReporterOptions) {
    this.deploymentId = options.existingDeploymentId ?? null;
  }

  get id(): number | null {
    return this.deploymentId;
  }

  /** Posts the status the record's state calls for, creating the deployment first if needed. */
  report(record: DeploymentRecordFile): Promise<DeploymentReportResult> {
    const next = this.queue.then(() => this.reportNow(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reportNow(record: DeploymentRecordFile): Promise<DeploymentReportResult> {
    if (this.skipped) return { action: 'skipped', ...this.skipped, repeated: true };
    const { repository, ref } = this.options;
    if (!repository) return this.skip('No GitHub deployment: GITHUB_REPOSITORY is not set.');
    if (!ref)
      return this.skip('No GitHub deployment: neither GITHUB_SHA nor GITHUB_HEAD_REF is set.');
    const state = gitHubDeploymentState(record.deployment.status, record.deployment.mode);
    const description = statusDescription(record);
    const resolved: EnvironmentUrl =
      state === 'success' ? resolveEnvironmentUrl(record, this.options.environmentUrl ?? {}) : {};
    const key = JSON.stringify([state, description, resolved.url ?? null]);
    try {
      const created = this.deploymentId === null;
      const id = this.deploymentId ?? (await this.create(repository, ref, record));
      if (key === this.last) return { action: 'unchanged', deploymentId: id, state };
      await this.options.api.request(
        'POST',
        `/repos/${repository.owner}/${repository.repo}/deployments/${id}/statuses`,
        {
          body: {
            state,
            description,
            environment: this.options.environment,
            ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
            ...(resolved.url ? { environment_url: resolved.url } : {}),
          },
        },
      );
      this.last = key;
      return {
        action: 'reported',
        deploymentId: id,
        state,
        created,
        ...(resolved.url ? { environmentUrl: resolved.url } : {}),
        ...(resolved.warning ? { warning: resolved.warning } : {}),
      };
    } catch (error) {
      const where = `${repository.owner}/${repository.repo}`;
      if (error instanceof GitHubApiError && error.isPermission) {
        return this.skip(
          `No GitHub deployment in ${where}: ${error.message}. Give the job 'deployments: write'.`,
          error.status,
        );
      }
      return {
        action: 'skipped',
        reason: `Could not report the GitHub deployment in ${where}: ${(error as Error).message}`,
        ...(error instanceof GitHubApiError ? { status: error.status } : {}),
      };
    }
  }

  private async create(
    repository: Repository,
    ref: string,
    record: DeploymentRecordFile,
  ): Promise<number> {
    const { environment, transientEnvironment, productionEnvironment, description } = this.options;
    const response = await this.options.api.request<CreatedDeployment>(
      'POST',
      `/repos/${repository.owner}/${repository.repo}/deployments`,
      {
        body: {
          ref,
          environment,
          task: 'deploy',
          auto_merge: false,
          required_contexts: [],
          transient_environment: transientEnvironment ?? false,
          ...(productionEnvironment !== undefined
            ? { production_environment: productionEnvironment }
            : {}),
          description: clip(description ?? defaultDescription(record, environment)),
          payload: { 'cdk-deploy-action': { deployment_id: record.deployment.id } },
        },
      },
    );
    // 202 is GitHub's "merged the base branch instead": not with auto_merge false, but be exact.
    if (response.status !== 201 || typeof response.data.id !== 'number') {
      throw new GitHubApiError(
        'POST',
        `/repos/${repository.owner}/${repository.repo}/deployments`,
        response.status,
        response.data.message ?? 'no deployment was created',
      );
    }
    this.deploymentId = response.data.id;
    return response.data.id;
  }

  private skip(reason: string, status?: number): DeploymentReportResult {
    this.skipped = status === undefined ? { reason } : { reason, status };
    return { action: 'skipped', ...this.skipped };
  }
}
