/**
 * A GitHub deployment for the environment, created once, and its statuses following the lifecycle:
 *
 * | record status                       | GitHub state  |
 * | ----------------------------------- | ------------- |
 * | pending                             | `queued`      |
 * | synthesizing, deploying, verifying  | `in_progress` |
 * | completed                           | `success` (with `environment_url`) |
 * | failed                              | `failure`     |
 * | rolled_back                         | `failure`, description "Rolled back: ..." |
 *
 * Why `failure` for rolled_back and not `inactive`: the attempt did fail, and the PR and the
 * environment page should say so. `inactive` means "superseded, no longer live" and GitHub sets it
 * itself on older deployments when a newer one succeeds (`auto_inactive`); marking ours inactive
 * would hide the failure while the previous successful deployment, which the rollback put back,
 * rightly stays the environment's active one.
 *
 * Never throws: without permission (403/404) it answers `skipped` and stops calling the API.
 */
import type { DeploymentRecordFile } from '../../model/record.js';
import type { DeploymentStatus } from '../../model/transitions.js';
import { GitHubApiError, type GitHubApi } from './api.js';
import type { Repository } from './context.js';

export type GitHubDeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

const STATES: Readonly<Record<DeploymentStatus, GitHubDeploymentState>> = {
  pending: 'queued',
  synthesizing: 'in_progress',
  deploying: 'in_progress',
  verifying: 'in_progress',
  completed: 'success',
  failed: 'failure',
  rolled_back: 'failure',
};

export function gitHubDeploymentState(status: DeploymentStatus): GitHubDeploymentState {
  return STATES[status];
}

/** GitHub refuses a status description over 140 characters. */
const MAX_DESCRIPTION = 140;

function clip(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_DESCRIPTION ? flat : `${flat.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** The status's description, from the record. */
export function statusDescription(record: DeploymentRecordFile): string {
  const { deployment, stacks } = record;
  const n = stacks.length;
  const stackWord = `${n} ${n === 1 ? 'stack' : 'stacks'}`;
  const reason = deployment.rollback_reason ? `: ${deployment.rollback_reason}` : '';
  switch (deployment.status) {
    case 'pending':
      return 'Waiting to start';
    case 'synthesizing':
      return 'Synthesizing the CDK app';
    case 'deploying':
      return `Deploying ${stackWord}`;
    case 'verifying':
      return `Verifying ${stackWord}`;
    case 'completed': {
      const noOp = stacks.filter((s) => s.no_op).length;
      return clip(`Deployed ${stackWord}${noOp > 0 ? ` (${noOp} without changes)` : ''}`);
    }
    case 'failed':
      return clip(
        deployment.rollback?.outcome === 'incomplete'
          ? `Failed, rollback incomplete${reason}`
          : `Failed${reason}`,
      );
    case 'rolled_back':
      return clip(`Rolled back${reason}`);
  }
}

export interface EnvironmentUrlSpec {
  /** A literal URL (an input value). */
  readonly url?: string | null;
  /** `StackName.OutputKey`: a stack output whose value is the URL. */
  readonly fromOutput?: string | null;
}

export interface EnvironmentUrl {
  readonly url?: string;
  readonly warning?: string;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The environment URL: the literal one, else the named stack output of a deployed stack. The
 * stack is matched by stack name or CDK artifact id; output keys hold no dots, so the last `.`
 * separates them.
 */
export function resolveEnvironmentUrl(
  record: DeploymentRecordFile,
  spec: EnvironmentUrlSpec,
): EnvironmentUrl {
  const literal = spec.url?.trim();
  if (literal) {
    return isHttpUrl(literal)
      ? { url: literal }
      : { warning: `The environment URL '${literal}' is not an http(s) URL.` };
  }
  const reference = spec.fromOutput?.trim();
  if (!reference) return {};
  const dot = reference.lastIndexOf('.');
  if (dot <= 0 || dot === reference.length - 1) {
    return {
      warning: `The environment URL output '${reference}' is not in the form StackName.OutputKey.`,
    };
  }
  const stackName = reference.slice(0, dot);
  const key = reference.slice(dot + 1);
  const stack =
    record.stacks.find((s) => s.name === stackName) ??
    record.stacks.find((s) => s.artifact_id === stackName);
  if (!stack)
    return {
      warning: `The environment URL names stack '${stackName}', which is not in this deployment.`,
    };
  if (stack.status !== 'deployed') return {};
  const value = stack.outputs[key];
  if (value === undefined) {
    return { warning: `Stack '${stack.name}' has no output '${key}' for the environment URL.` };
  }
  return isHttpUrl(value)
    ? { url: value }
    : { warning: `The output ${stack.name}.${key} ('${value}') is not an http(s) URL.` };
}

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
    const state = gitHubDeploymentState(record.deployment.status);
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
          description: clip(description ?? `CDK deployment to ${environment}`),
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
